#pragma once
// A small XML well-formedness check for the pages and plots reconsim
// writes (they are XHTML-compatible on purpose): tags nest and close,
// attributes are quoted, '&' starts a known entity, no stray '<'.
// Returns the first problem, or "" when the document is well-formed.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace reconsim::test {

inline std::string xml_problem(std::string_view doc) {
  std::vector<std::string> open;
  std::size_t i = 0;
  auto at = [&](std::size_t p) { return "at offset " + std::to_string(p); };
  auto entity_ok = [&](std::size_t p) {
    const std::size_t semi = doc.find(';', p);
    if (semi == std::string_view::npos || semi - p > 10) return false;
    const std::string_view e = doc.substr(p + 1, semi - p - 1);
    if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
    if (e.size() >= 2 && e[0] == '#') return true;
    return false;
  };
  bool root_seen = false;
  while (i < doc.size()) {
    const char c = doc[i];
    if (c == '&') {
      if (!entity_ok(i)) return "bad entity " + at(i);
      ++i;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (doc.substr(i, 4) == "<!--") {
      const std::size_t end = doc.find("-->", i);
      if (end == std::string_view::npos) return "unclosed comment " + at(i);
      i = end + 3;
      continue;
    }
    if (doc.substr(i, 9) == "<![CDATA[") {
      const std::size_t end = doc.find("]]>", i);
      if (end == std::string_view::npos) return "unclosed CDATA " + at(i);
      i = end + 3;
      continue;
    }
    if (doc.substr(i, 2) == "<!" || doc.substr(i, 2) == "<?") {
      const std::size_t end = doc.find('>', i);
      if (end == std::string_view::npos) return "unclosed declaration " + at(i);
      i = end + 1;
      continue;
    }
    const bool closing = doc.substr(i, 2) == "</";
    std::size_t p = i + (closing ? 2 : 1);
    const std::size_t name_start = p;
    while (p < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[p])) || doc[p] == '-' || doc[p] == ':' ||
                              doc[p] == '_')) {
      ++p;
    }
    const std::string name(doc.substr(name_start, p - name_start));
    if (name.empty()) return "stray '<' " + at(i);
    if (closing) {
      while (p < doc.size() && std::isspace(static_cast<unsigned char>(doc[p]))) ++p;
      if (p >= doc.size() || doc[p] != '>') return "bad closing tag " + at(i);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + "> " + at(i);
      }
      open.pop_back();
      i = p + 1;
      continue;
    }
    if (open.empty() && root_seen) return "second root element <" + name + "> " + at(i);
    root_seen = true;
    // Attributes: name="value" or name='value'.
    while (true) {
      while (p < doc.size() && std::isspace(static_cast<unsigned char>(doc[p]))) ++p;
      if (p >= doc.size()) return "unclosed tag <" + name + "> " + at(i);
      if (doc[p] == '>') {
        open.push_back(name);
        i = p + 1;
        break;
      }
      if (doc.substr(p, 2) == "/>") {
        i = p + 2;
        break;
      }
      const std::size_t an = p;
      while (p < doc.size() && doc[p] != '=' && !std::isspace(static_cast<unsigned char>(doc[p])) && doc[p] != '>') ++p;
      if (p == an || p >= doc.size() || doc[p] != '=') return "attribute without a value in <" + name + "> " + at(p);
      ++p;
      if (p >= doc.size() || (doc[p] != '"' && doc[p] != '\'')) return "unquoted attribute in <" + name + "> " + at(p);
      const char q = doc[p];
      const std::size_t end = doc.find(q, p + 1);
      if (end == std::string_view::npos) return "unclosed attribute " + at(p);
      for (std::size_t k = p + 1; k < end; ++k) {
        if (doc[k] == '<') return "'<' in an attribute " + at(k);
        if (doc[k] == '&' && !entity_ok(k)) return "bad entity in an attribute " + at(k);
      }
      p = end + 1;
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return "";
}

}  // namespace reconsim::test

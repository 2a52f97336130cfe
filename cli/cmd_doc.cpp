// `reconsim doc`: writes docs/reference/ (reference_pages.hpp), or with
// --check says which pages differ from what the code would write.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "reconsim/scenarios/spec/output_file.hpp"
#include "reference_pages.hpp"

namespace reconsim::cli {

namespace {

struct doc_options {
  std::string dir = "docs/reference";
  bool check = false;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_doc(const doc_options& o) {
  const std::filesystem::path dir(o.dir);
  int stale = 0;
  if (!o.check) std::filesystem::create_directories(dir);
  for (const auto& [file, text] : reference_pages()) {
    const auto path = dir / file;
    if (o.check) {
      if (!std::filesystem::exists(path) || read_file(path) != text) {
        std::cerr << "stale: " << path.string() << "\n";
        ++stale;
      }
    } else {
      scenarios::write_file_atomically(path.string(), "reference page", text);
      std::cout << "wrote " << path.string() << "\n";
    }
  }
  if (stale > 0) {
    std::cerr << stale << " reference page(s) out of date: run `reconsim doc --dir " << o.dir << "`\n";
    return exit_failed;
  }
  if (o.check) std::cout << "docs/reference is current\n";
  return exit_ok;
}

}  // namespace

void register_doc(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("doc", "Write the reference pages (settings, plan statements, checkers, variants, "
                                        "channel sets, scenarios, exit codes) generated from the code's own tables");
  auto o = std::make_shared<doc_options>();
  cmd->add_option("--dir", o->dir, "Where the pages go")->capture_default_str();
  cmd->add_flag("--check", o->check, "Write nothing; exit 1 naming every page that differs from what would be written");
  cmd->callback([o, &exit_code] { exit_code = run_doc(*o); });
}

}  // namespace reconsim::cli

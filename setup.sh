#!/usr/bin/env bash
# Installs what reconsim needs from Debian (bookworm) and builds the reconsim
# command into build/ (the tests build in the README's second command).
# Idempotent: installs only missing packages; re-running just rebuilds.
# Works as root, or through sudo when not root.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  build-essential g++ clang cmake ninja-build pkg-config
  libboost-fiber-dev libboost-context-dev libfmt-dev
  catch2 librapidcheck-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libbenchmark-dev libclang-rt-14-dev libmimalloc-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# CI builds with warnings as errors; a newcomer's build only warns.
werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECONSIM_WERROR="$werror" >/dev/null
cmake --build build --target reconsim

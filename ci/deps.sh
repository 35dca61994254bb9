#!/usr/bin/env bash
# Installs the Debian 12 packages stimbench needs, only those missing. Sourced by ci/* scripts.
set -euo pipefail

STIMBENCH_PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libboost-dev libboost-coroutine-dev libboost-context-dev libserialport-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libxml2-utils clang-format openssl
)

stimbench_install_deps() {
  local missing=()
  for p in "${STIMBENCH_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "ci: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures and builds one preset (default: "default").
stimbench_build() {
  local preset="${1:-default}"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}

# The fuzzing toolchain for ci/fuzz: Debian's clang-14 and libFuzzer (the runtime comes with
# libclang-rt-14-dev, a dependency of clang-14). Same install-if-missing logic, in a subshell
# so the main package list stays as it is.
stimbench_install_fuzz_deps() {
  (
    STIMBENCH_PACKAGES=(clang-14 libfuzzer-14-dev)
    stimbench_install_deps
  )
}

#!/usr/bin/env bash
# The one place that knows which Debian packages the suite needs, and checks or installs them.
# ./leti sources it: `leti_provision run` before demo/up/compare, `leti_provision test` before
# ./leti test (which .ci/run calls). Run alone: scripts/provision.sh run|test.
#
# Each package is checked by what it provides (a file, a command on PATH, a Python import), not by
# dpkg, so a machine that has them by other means passes. What is missing is installed with apt-get
# when running as root on Debian; otherwise this stops at once with the one command to run.
# LETI_NO_PROVISION=1 skips the check.

# For running the stack (./leti demo | up | compare).
leti_run_packages=(
  openjdk-17-jdk-headless  # java 17+, for the launcher and the services
  python3                  # /usr/bin/python3, the interpreter that runs sampled programs
  bubblewrap               # /usr/bin/bwrap, namespace sandbox of the executor's process backend
  python3-seccomp          # seccomp filter that denies sockets inside the sandbox
)
# For ./leti test: the above and what the tests use besides.
leti_test_packages=(
  "${leti_run_packages[@]}"
  python3-torch            # independent PyTorch reference for the model's numerical parity tests
  docker.io                # real Docker engine for the executor's docker backend tests
  docker-compose           # validates docker-compose.yml
  prometheus               # scrapes the running stack in the dashboard test (and its promtool)
  kcat                     # smoke checks of topics
)

# Whether what a package provides is here.
leti_has() {
  case $1 in
    openjdk-17-jdk-headless) leti_has_java 17 ;;
    python3) [ -x /usr/bin/python3 ] ;;
    bubblewrap) [ -x /usr/bin/bwrap ] ;;
    python3-seccomp) leti_has_python_module seccomp ;;
    python3-torch) leti_has_python_module torch ;;
    docker.io) leti_has_commands docker dockerd ;;
    docker-compose) leti_has_commands docker-compose ;;
    prometheus) leti_has_commands prometheus promtool ;;
    kcat) leti_has_commands kcat ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

# On PATH, or in /usr/sbin (dockerd), which a non-root PATH often lacks.
leti_has_commands() {
  local command
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ] || return 1
  done
}

# Looked up without importing it (importing torch alone takes seconds).
leti_has_python_module() {
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -c \
    'import importlib.util, sys; sys.exit(importlib.util.find_spec(sys.argv[1]) is None)' "$1" 2>/dev/null
}

# Whether `java` on PATH is at least the given major version ("1.8.0_392" reads as 1).
leti_has_java() {
  local major
  command -v java >/dev/null 2>&1 || return 1
  major=$(java -version 2>&1 | sed -n '1s/.* version "\([0-9]*\).*/\1/p')
  [ "${major:-0}" -ge "$1" ]
}

leti_missing_packages() {
  local package
  for package in "$@"; do leti_has "$package" || echo "$package"; done
}

# leti_provision run|test: returns when all the purpose's packages are here; exits 1 otherwise.
leti_provision() {
  [ "${LETI_NO_PROVISION:-}" = 1 ] && return 0
  local purpose=$1 missing=()
  case $purpose in
    run) mapfile -t missing < <(leti_missing_packages "${leti_run_packages[@]}") ;;
    test) mapfile -t missing < <(leti_missing_packages "${leti_test_packages[@]}") ;;
    *) echo "leti_provision: unknown purpose '$purpose' (run or test)" >&2; exit 2 ;;
  esac
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "leti: missing Debian packages: ${missing[*]}; run: sudo apt-get install -y --no-install-recommends ${missing[*]}" \
      "(or set LETI_NO_PROVISION=1 to skip this check)" >&2
    exit 1
  fi
  echo "leti: installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  mapfile -t missing < <(leti_missing_packages "${missing[@]}")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "leti: still missing after apt-get install: ${missing[*]}" >&2
    exit 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  leti_provision "${1:-}"
fi

#!/usr/bin/env bash
# Runs every test of boardpack: the Rust tests (unit, integration and doc
# tests) and the browser test (accessibility, links, HTML validity, layout)
# on the built example site.
#
# Works on a fresh Debian machine that has the Rust toolchain, gcc, Python 3,
# Node 20 + npm and git: it installs Chromium and Java (for the Nu HTML
# Checker) with apt-get when they are missing, the browser test's npm
# packages from tests/browser/package-lock.json, and the Frictionless
# validator of the open data's datapackage.json from PyPI into a virtual
# environment under target/ (with python3-venv from apt-get if Python
# cannot make one).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

log() { printf '\n==> %s\n' "$*"; }

# --- system packages --------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if ((${#missing[@]})); then
  log "Installing ${missing[*]} with apt-get"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    "${missing[@]}"
fi
for tool in chromium java node npm cargo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is not installed" >&2; exit 1; }
done
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

# --- npm packages of the browser test ---------------------------------------
log "Installing the browser test's npm packages"
(
  cd tests/browser
  # --ignore-scripts: vnu-jar's postinstall only downloads a Java runtime,
  # which is not needed because java comes from the system.
  if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
  else
    npm install --ignore-scripts --no-audit --no-fund
  fi
)

# --- Frictionless validator -------------------------------------------------
# tests/datapackage.rs runs it on the built open data; it finds it here.
FRICTIONLESS_VENV="$ROOT/target/frictionless"
export FRICTIONLESS="$FRICTIONLESS_VENV/bin/frictionless"
if ! "$FRICTIONLESS" --version >/dev/null 2>&1; then
  log "Installing the Frictionless validator into $FRICTIONLESS_VENV"
  rm -rf "$FRICTIONLESS_VENV"
  if ! python3 -m venv "$FRICTIONLESS_VENV" >/dev/null 2>&1; then
    # Debian's Python makes a virtual environment only with python3-venv.
    rm -rf "$FRICTIONLESS_VENV"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install python3-venv" >&2; exit 1; }
      SUDO=(sudo)
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y python3-venv
    python3 -m venv "$FRICTIONLESS_VENV"
  fi
  "$FRICTIONLESS_VENV/bin/pip" install --quiet --disable-pip-version-check 'frictionless>=5,<6'
fi
"$FRICTIONLESS" --version >/dev/null
# The test fails rather than skips when the validator is missing.
export BOARDPACK_REQUIRE_FRICTIONLESS=1

# --- Rust tests -------------------------------------------------------------
log "cargo test"
cargo test

# --- browser test -----------------------------------------------------------
log "Browser test"
node "$ROOT/tests/browser/run.mjs"

log "All tests passed"

#!/usr/bin/env bash
# Runs every test of boardpack: the Rust tests (unit, integration and doc
# tests) and the browser test (accessibility, links, HTML validity, layout)
# on the built example site.
#
# Works on a fresh Debian machine that has the Rust toolchain, gcc, Python 3,
# Node 20 + npm and git: it installs Chromium and Java (for the Nu HTML
# Checker) with apt-get when they are missing, and the browser test's npm
# packages from tests/browser/package-lock.json.
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

# --- Rust tests -------------------------------------------------------------
log "cargo test"
cargo test

# --- browser test -----------------------------------------------------------
log "Browser test"
node "$ROOT/tests/browser/run.mjs"

log "All tests passed"

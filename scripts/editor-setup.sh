#!/usr/bin/env bash
# Installs what the real-editor tests (test/editor/run.ts) need on a Debian 12 machine
# with no route to Microsoft's or GitHub's downloads: Debian's chromium, ripgrep and
# libkrb5-dev, and code-server (VS Code server + web workbench) from the npm registry,
# into .cache/code-server/ (ignored by git, kept between runs). Idempotent: each step is
# skipped when what it installs is already there. See shared/REAL_VSCODE.md for why
# each workaround below is needed. playwright-core, which drives the browser, is a
# devDependency of the project (it downloads no browser; it uses /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3 # the newest release whose engines.node is 20; bundles VS Code 1.100
DIR=.cache/code-server
MARKER="$DIR/.installed-$CODE_SERVER_VERSION"
started=$(date +%s)
step() { echo "editor-setup: $* ($(($(date +%s) - started)) s)"; }

# 1. Debian packages: chromium for the browser, ripgrep for @vscode/ripgrep's offline
#    install, libkrb5-dev for the kerberos native module (gssapi/gssapi.h).
missing=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  step "apt packages installed"
else
  step "apt packages already installed (chromium, libkrb5-dev, ripgrep)"
fi

# 2. code-server into its own folder, outside the extension's package.json.
if [ -f "$MARKER" ] && [ -x "$DIR/node_modules/.bin/code-server" ]; then
  step "code-server $CODE_SERVER_VERSION already in $DIR"
else
  step "installing code-server $CODE_SERVER_VERSION into $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  echo '{ "private": true, "description": "code-server for test/editor; installed by scripts/editor-setup.sh" }' >"$DIR/package.json"

  # @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds the asset in
  # its cache folder: hand it Debian's rg packed the way the release asset is.
  cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  asset="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$asset" ]; then
    mkdir -p "$cache"
    staging=$(mktemp -d)
    cp /usr/bin/rg "$staging/rg"
    tar -czf "$asset" -C "$staging" rg
    rm -rf "$staging"
  fi

  # Run from `bun run`, the environment holds Bun's npm_* variables; npm would take
  # npm_config_user_agent (Bun's, naming Bun's Node version) as its own, and
  # code-server's postinstall reads the Node major from it.
  for var in $(compgen -e | grep -i '^npm_' || true); do unset "$var"; done
  # yes=true: node-pty's postinstall runs `npx node-gyp`, which the machine's
  # npm `yes=false` would cancel. --unsafe-perm: code-server's postinstall as root.
  (cd "$DIR" && npm_config_yes=true npm install --unsafe-perm --foreground-scripts \
    --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION") >"$DIR/install.log" 2>&1 || {
    tail -40 "$DIR/install.log"
    echo "editor-setup: npm install code-server failed; full log in $DIR/install.log" >&2
    exit 1
  }
  "$DIR/node_modules/.bin/code-server" --version >/dev/null
  touch "$MARKER"
  step "code-server installed ($(du -sh "$DIR" | cut -f1))"
fi

step "done: $("$DIR/node_modules/.bin/code-server" --version | head -1), $(/usr/bin/chromium --version)"

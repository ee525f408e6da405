#!/usr/bin/env bash
# Installs what the editor test suites need, outside the project's dependencies, into a cache dir:
# a real VS Code workbench (code-server from npm) with the Node 24 it requires, playwright-core to drive
# Debian's Chromium, and Debian's neovim for the LSP-client test. Idempotent: every finished step leaves
# a marker (CACHE/.done-*) and is skipped next time, so a repeat run takes about a second.
#
#   scripts/e2e/setup.sh [CACHE_DIR]          (default: $READINESS_E2E_CACHE or ~/.cache/readiness-e2e)
#
# Writes CACHE/env.sh (CS_CACHE, CS_NODE, CS_ENTRY, CHROMIUM, NVIM, PLAYWRIGHT_DIR), which test/e2e and
# test/nvim read. Versions are pinned below; apt packages come from the distribution (Debian 12 here).
set -euo pipefail

CACHE="${1:-${READINESS_E2E_CACHE:-${HOME}/.cache/readiness-e2e}}"
CS_VERSION=4.139.1           # VS Code 1.139.1. 4.96.x does not install offline (a git dependency).
NODE_VERSION=24.21.0         # code-server 4.139 requires Node 24
PLAYWRIGHT_VERSION=1.65.1
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev chromium neovim)

START=$(date +%s)
say() { printf '[e2e setup %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
die() { printf '[e2e setup] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "command failed at line $LINENO (logs: $CACHE/logs)"' ERR

command -v npm >/dev/null || die "npm not found on PATH"
mkdir -p "$CACHE/logs" || die "cannot create $CACHE"
CACHE="$(cd "$CACHE" && pwd)"
say "cache: $CACHE  code-server $CS_VERSION  node $NODE_VERSION  playwright-core $PLAYWRIGHT_VERSION"

case "$(uname -m)" in
  x86_64) NODE_ARCH=x64 ;;
  aarch64|arm64) NODE_ARCH=arm64 ;;
  *) die "unsupported CPU $(uname -m)" ;;
esac
# The `node` npm package only runs a preinstall script that installs `node-linux-<arch>` of the same
# version; installing that package directly needs no install script and also ships Node's C headers,
# which node-gyp needs offline in step 4.
NODE_PKG="node-linux-$NODE_ARCH"

# --no-save keeps the stub package.json untouched
npm_i() { npm install --no-audit --no-fund --no-save --loglevel=error "$@"; }

# ---- 1. apt: native build deps for code-server's postinstall, Chromium, neovim ---------------------
if [ -n "${SKIP_APT:-}" ]; then
  say "1/5 apt: skipped (SKIP_APT)"
else
  missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "1/5 apt: all present"
  else
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || die "need root or sudo for: apt-get install ${missing[*]}"
      SUDO=sudo
    fi
    say "1/5 apt: installing ${missing[*]}"
    $SUDO apt-get update -qq >"$CACHE/logs/apt.log" 2>&1 || die "apt-get update failed ($CACHE/logs/apt.log)"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$CACHE/logs/apt.log" 2>&1 \
      || die "apt-get install failed ($CACHE/logs/apt.log)"
  fi
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing (apt-get install chromium)"
[ -x /usr/bin/nvim ] || die "/usr/bin/nvim missing (apt-get install neovim)"

# ---- 2. Node 24 binary from the npm registry ---------------------------------------------------------
NODE_DIR="$CACHE/node24/node_modules/$NODE_PKG"
N24="$CACHE/node24-bin/node"
if [ -f "$CACHE/.done-node-$NODE_VERSION" ] && [ -x "$N24" ]; then
  say "2/5 node: $("$N24" --version) already there"
else
  say "2/5 node: npm install $NODE_PKG@$NODE_VERSION"
  rm -rf "$CACHE/node24" "$CACHE/node24-bin" "$CACHE"/.done-node-*
  mkdir -p "$CACHE/node24" "$CACHE/node24-bin"
  echo '{"private":true}' >"$CACHE/node24/package.json"
  (cd "$CACHE/node24" && npm_i "$NODE_PKG@$NODE_VERSION") >"$CACHE/logs/node.log" 2>&1 \
    || die "npm install $NODE_PKG@$NODE_VERSION failed ($CACHE/logs/node.log)"
  [ -x "$NODE_DIR/bin/node" ] || die "no node binary at $NODE_DIR/bin/node"
  [ -f "$NODE_DIR/include/node/node_api.h" ] || die "no Node headers under $NODE_DIR/include/node"
  ln -s "$NODE_DIR/bin/node" "$N24"
  [ "$("$N24" --version)" = "v$NODE_VERSION" ] || die "node binary does not run or has the wrong version"
  touch "$CACHE/.done-node-$NODE_VERSION"
  say "2/5 node: $("$N24" --version) ok"
fi

# ---- 3. code-server package, scripts off (its postinstall must run under Node 24: step 4) -----------
CS_DIR="$CACHE/code-server/node_modules/code-server"
if [ -f "$CACHE/.done-cs-npm-$CS_VERSION" ] && [ -f "$CS_DIR/out/node/entry.js" ]; then
  say "3/5 code-server: package $CS_VERSION already there"
else
  say "3/5 code-server: npm install --ignore-scripts code-server@$CS_VERSION"
  rm -rf "$CACHE/code-server" "$CACHE"/.done-cs-*
  mkdir -p "$CACHE/code-server"
  echo '{"private":true}' >"$CACHE/code-server/package.json"
  (cd "$CACHE/code-server" && PATH="$CACHE/node24-bin:$PATH" npm_i --ignore-scripts "code-server@$CS_VERSION") \
    >"$CACHE/logs/code-server-npm.log" 2>&1 || die "npm install code-server failed ($CACHE/logs/code-server-npm.log)"
  [ -f "$CS_DIR/postinstall.sh" ] || die "code-server package has no postinstall.sh"
  touch "$CACHE/.done-cs-npm-$CS_VERSION"
fi

# ---- 4. code-server postinstall: VS Code's own dependencies + native modules, built for Node 24 -----
if [ -f "$CACHE/.done-cs-postinstall-$CS_VERSION" ]; then
  say "4/5 postinstall: already done"
else
  say "4/5 postinstall: building VS Code dependencies (about 2 minutes; log: $CACHE/logs/postinstall.log)"
  # postinstall.sh takes the Node major from npm_config_user_agent. Node 24 first on PATH makes npm and
  # node-gyp run under Node 24; npm_config_nodedir points node-gyp at Node 24's headers (otherwise it tries
  # to download them, which fails offline, or takes the nodedir of ~/.npmrc).
  (cd "$CS_DIR" && PATH="$CACHE/node24-bin:$PATH" \
     npm_config_user_agent="npm/$(npm --version) node/v$NODE_VERSION linux $NODE_ARCH" \
     npm_config_nodedir="$NODE_DIR" npm_config_audit=false npm_config_fund=false \
     sh postinstall.sh) >"$CACHE/logs/postinstall.log" 2>&1 \
    || { tail -30 "$CACHE/logs/postinstall.log" >&2; die "code-server postinstall failed ($CACHE/logs/postinstall.log)"; }
  # every native module VS Code's server needs must load under Node 24
  (cd "$CS_DIR/lib/vscode" && "$N24" -e '
    for (const m of ["@vscode/spdlog", "@vscode/sqlite3", "@vscode/native-watchdog", "node-pty", "@parcel/watcher", "kerberos"]) {
      try { require(m); } catch (e) { console.error("cannot load " + m + ": " + e.message); process.exit(1); }
    }') || die "a native module does not load under Node 24 (see above)"
  touch "$CACHE/.done-cs-postinstall-$CS_VERSION"
  say "4/5 postinstall: ok"
fi
"$N24" "$CS_DIR/out/node/entry.js" --version >/dev/null 2>&1 \
  || die "code-server does not start: $N24 $CS_DIR/out/node/entry.js --version"

# ---- 5. playwright-core (drives Chromium; it downloads no browser) -----------------------------------
if [ -f "$CACHE/.done-tools-$PLAYWRIGHT_VERSION" ] && [ -f "$CACHE/tools/node_modules/playwright-core/package.json" ]; then
  say "5/5 playwright-core: already there"
else
  say "5/5 playwright-core@$PLAYWRIGHT_VERSION"
  rm -rf "$CACHE/tools" "$CACHE"/.done-tools-*
  mkdir -p "$CACHE/tools"
  echo '{"private":true}' >"$CACHE/tools/package.json"
  (cd "$CACHE/tools" && npm_i --ignore-scripts "playwright-core@$PLAYWRIGHT_VERSION") \
    >"$CACHE/logs/tools.log" 2>&1 || die "npm install playwright-core failed ($CACHE/logs/tools.log)"
  touch "$CACHE/.done-tools-$PLAYWRIGHT_VERSION"
fi

cat >"$CACHE/env.sh" <<ENV
# source this: paths of the editor test environment (written by scripts/e2e/setup.sh)
export CS_CACHE="$CACHE"
export CS_NODE="$N24"
export CS_ENTRY="$CS_DIR/out/node/entry.js"
export CHROMIUM="/usr/bin/chromium"
export NVIM="/usr/bin/nvim"
export PLAYWRIGHT_DIR="$CACHE/tools/node_modules/playwright-core"
ENV
say "done: code-server $("$N24" "$CS_DIR/out/node/entry.js" --version 2>/dev/null | head -1 | cut -d' ' -f1), $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1), $(du -sm "$CACHE" | cut -f1) MB in $CACHE"

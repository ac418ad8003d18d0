#!/usr/bin/env bash
# One command for a fresh machine: npm packages from the lockfile, what the browser and
# real-VS-Code tests need (Chromium, code-server, Node 24; cached in .vscode-test/), then the
# production build and the .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
bash scripts/install-code-server.sh
npm run package

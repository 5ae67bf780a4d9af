#!/usr/bin/env bash
# Runs the dashboard's browser tests, installing what they need when missing: node (Debian's nodejs and npm), Debian's
# chromium, and playwright-core (npm ci from the pinned package-lock.json). Needs root for apt-get when something is missing.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "browser tests need ${need_apt[*]}: run as root (apt-get) or install them" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "browser tests need node 18 or later; found $(node --version)" >&2
  exit 1
fi

if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent
fi

# The test files to run: dashboard.test.mjs unless named (the cluster test runs cluster-panel.test.mjs against its nodes).
exec node --test --test-reporter=spec "${@:-dashboard.test.mjs}"

#!/usr/bin/env bash
# Runs a root pnpm script on a machine that has only Node 20: pnpm comes from corepack (pinned by
# package.json's packageManager), dependencies from the lockfile. Usage: bash tooling/dev.sh <script> [args]
set -euo pipefail
# Where the user stands, for scripts that print commands to paste (the demo's closing hint).
export EXCA_USER_CWD="${EXCA_USER_CWD:-$PWD}"
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1091
. ./.corepack.env
set +a
export TURBO_TELEMETRY_DISABLED=1 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
mkdir -p .tools/bin
[ -x .tools/bin/pnpm ] || corepack enable --install-directory "$PWD/.tools/bin" pnpm
export PATH="$PWD/.tools/bin:$PATH"
pnpm install --frozen-lockfile --reporter=append-only >/dev/null
exec pnpm run "$@"

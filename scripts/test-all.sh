#!/usr/bin/env bash
# The whole test suite, as CI runs it: static checks, unit and integration tests against a real
# PostgreSQL, then end-to-end tests in Chromium against two instances of the production build.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "system packages"
bash scripts/ensure-system-packages.sh

step "format, lint, typecheck"
npm run verify

step "unit and integration tests"
npx vitest run

step "production build"
npx next build

step "end-to-end tests"
npx playwright test

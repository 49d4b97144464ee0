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
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json

step "production build"
npx next build

step "end-to-end tests"
npx playwright test

# One closing line for the whole suite, in the plain "N passed, N failed" form CI reads.
node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json

#!/usr/bin/env bash
# The README's test command: sets up what the tests need (dependencies, Chromium, PostgreSQL),
# then runs the type check, the linter, unit + integration tests (vitest) and end-to-end tests (Playwright),
# and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
REPORTS=.test-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

echo "== dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

echo "== chromium"
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then apt_install chromium; fi
export CHROMIUM_PATH

echo "== postgresql"
if ! command -v pg_ctlcluster >/dev/null 2>&1 && [ -z "${DATABASE_URL:-}" ]; then
  apt_install postgresql
  PGV=$(ls /etc/postgresql | sort -V | tail -1)
  # A fresh Debian cluster asks for passwords on TCP; the tests connect as postgres with trust.
  as_root sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/' "/etc/postgresql/$PGV/main/pg_hba.conf"
fi
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  PGV=$(ls /etc/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$PGV" main start || as_root pg_ctlcluster --skip-systemctl-redirect "$PGV" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
psql "$DATABASE_URL" -qtAc "select 1" >/dev/null 2>&1 || psql "${DATABASE_URL%/*}/postgres" -qc "create database ${DATABASE_URL##*/}"
E2E_DB=opensam_e2e
psql "${DATABASE_URL%/*}/postgres" -qc "drop database if exists $E2E_DB with (force)" -c "create database $E2E_DB" >/dev/null
export E2E_DATABASE_URL="${DATABASE_URL%/*}/$E2E_DB"

status=0
echo "== type check"
if npx tsc --noEmit -p .; then echo "typecheck: 1 passed, 0 failed" > "$REPORTS/typecheck.txt"; else echo "typecheck: 0 passed, 1 failed" > "$REPORTS/typecheck.txt"; status=1; fi

echo "== lint (Biome)"
if npx biome lint --error-on-warnings .; then echo "lint: 1 passed, 0 failed" > "$REPORTS/lint.txt"; else echo "lint: 0 passed, 1 failed" > "$REPORTS/lint.txt"; status=1; fi

echo "== unit and integration tests (vitest, PostgreSQL and PGlite)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json" || status=1

echo "== end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" npx playwright test || status=1

node scripts/test-summary.mjs "$REPORTS" || status=1
exit $status

#!/usr/bin/env bash
# Runs every test of kompas, installing first what the tests need.
#
# Works on a fresh Debian machine with the Rust toolchain, Node.js and Python:
# installs Chromium (Debian), the browser-test driver (npm, tests/browser) and
# the third-party validators (PyPI, into target/pyenv), then runs:
#   1. formatting and lints        cargo fmt --check, cargo clippy -D warnings
#   2. Rust tests                  unit, integration, snapshot and property tests
#   3. schema validation           KB files, profiles and assessments against
#                                  kompas' JSON Schemas, with Python jsonschema
#   4. API contract                OpenAPI document validated; schemathesis fuzzes
#                                  the running server and must find no 5xx
#   5. browser tests               headless Chromium drives the real site
#   6. deployment                  hadolint (container recipe) and kubernetes-validate
#                                  (manifests), offline
# The record store suites run on SQLite and on a throw-away PostgreSQL cluster
# (Debian's postgresql, data under target/postgres, loopback only) that this
# script starts and stops; its URL is exported as KOMPAS_TEST_POSTGRES_URL.
# and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
# A CI machine builds once: incremental caches would only double the disk the
# target directory takes.
export CARGO_INCREMENTAL=0
root=$PWD
log=$root/target/test-logs
mkdir -p "$log"
passed=0
failed=0
failures=()

step() { printf '\n==> %s\n' "$*"; }
record() { # record NAME STATUS PASSED FAILED
  passed=$((passed + $3)); failed=$((failed + $4))
  if [ "$2" -ne 0 ] || [ "$4" -ne 0 ]; then failures+=("$1"); fi
}

step "installing test prerequisites"
debian=()
command -v chromium >/dev/null 2>&1 || debian+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || debian+=(postgresql)
if [ ${#debian[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq "${debian[@]}" >/dev/null) || { echo "could not install ${debian[*]}"; exit 1; }
fi
if [ ! -x target/pyenv/bin/python ]; then
  python3 -m venv target/pyenv || exit 1
fi
target/pyenv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt || { echo "could not install Python test tools"; exit 1; }
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || { echo "could not install browser-test packages"; exit 1; }
. scripts/lib/postgres.sh
start_postgres target/postgres || { echo "could not start PostgreSQL for the store tests"; exit 1; }
trap stop_postgres EXIT

step "formatting and lints"
if cargo fmt --all -- --check; then record fmt 0 1 0; else record fmt 1 0 1; fi
if cargo clippy --workspace --all-targets --quiet -- -D warnings; then record clippy 0 1 0; else record clippy 1 0 1; fi

step "Rust tests (unit, integration, snapshot, property)"
cargo test --workspace --no-fail-fast 2>&1 | tee "$log/cargo-test.log"
status=${PIPESTATUS[0]}
p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log/cargo-test.log" | awk '{s+=$4} END {print s+0}')
f=$(grep -Eo '[0-9]+ failed' "$log/cargo-test.log" | awk '{s+=$1} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
record cargo-test "$status" "$p" "$f"

cargo build --quiet -p kompas -p kompas-serve --examples --bins || { echo "build failed"; exit 1; }
export KOMPAS_BIN=$root/target/debug/kompas

step "schema validation with a third-party validator (jsonschema)"
target/pyenv/bin/python scripts/validate_schemas.py "$KOMPAS_BIN" 2>&1 | tee "$log/schemas.log"
status=${PIPESTATUS[0]}
read -r p f < <(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$log/schemas.log" | tail -1 | awk '{print $1, $3}')
record schemas "$status" "${p:-0}" "${f:-1}"

step "API contract: OpenAPI validation and schemathesis fuzzing"
KOMPAS_PYENV=$root/target/pyenv bash scripts/api-fuzz.sh 2>&1 | tee "$log/api-fuzz.log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then record api-fuzz 0 1 0; else record api-fuzz 1 0 1; fi

step "deployment: container recipe (hadolint) and Kubernetes manifests (kubernetes-validate)"
target/pyenv/bin/python scripts/validate_deploy.py "$KOMPAS_BIN" 2>&1 | tee "$log/deploy.log"
status=${PIPESTATUS[0]}
read -r p f < <(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$log/deploy.log" | tail -1 | awk '{print $1, $3}')
record deploy "$status" "${p:-0}" "${f:-1}"

step "browser tests (headless Chromium, playwright-core)"
(cd tests/browser && node --test --test-reporter=spec 2>&1) | tee "$log/browser.log"
status=${PIPESTATUS[0]}
p=$(grep -E '^ℹ pass [0-9]+' "$log/browser.log" | awk '{print $3}' | tail -1)
f=$(grep -E '^ℹ fail [0-9]+' "$log/browser.log" | awk '{print $3}' | tail -1)
record browser "$status" "${p:-0}" "${f:-1}"

printf '\n'
if [ ${#failures[@]} -gt 0 ]; then echo "failed steps: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]

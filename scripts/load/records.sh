#!/usr/bin/env bash
# Measures decision records: save / propose / accept latency through the API,
# the drift review of N accepted records (API and `kompas review`), and the
# CLI's `record save`. Runs on a fresh SQLite file, and on PostgreSQL too when
# KOMPAS_TEST_POSTGRES_URL is set.
#
#   cargo build --release -p kompas
#   KOMPAS_BIN=target/release/kompas N=200 bash scripts/load/records.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${KOMPAS_BIN:-$root/target/release/kompas}
n=${N:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile='{"team_size": 10, "kubernetes_experience": "none", "budget_constraint": "low", "service_count": "5-10", "compliance_requirements": ["GDPR"]}'

stats() { # label file-of-seconds
  sort -g "$2" | awk -v label="$1" '{a[NR]=$1} END {printf "%-28s n=%d  median %.2f ms  p95 %.2f ms\n", label, NR, a[int(NR/2)+1]*1000, a[int(NR*0.95)]*1000}'
}

run() { # database-url label
  local db=$1 label=$2
  echo "== $label"
  KOMPAS_DATA_DIR=$work "$bin" serve --addr 127.0.0.1:0 --log-format json --database-url "$db" 2>"$work/server.log" &
  local server=$!
  local url=
  for _ in $(seq 1 100); do
    url=$(grep -o '"url":"http://[^"]*"' "$work/server.log" | head -1 | cut -d'"' -f4 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  : >"$work/save"; : >"$work/propose"; : >"$work/accept"
  for i in $(seq 1 "$n"); do
    out=$(curl -s -o "$work/body" -w '%{time_total}' -H 'content-type: application/json' \
      -d "{\"title\": \"Bench $i\", \"profile\": $profile}" "$url/api/v1/records")
    echo "$out" >>"$work/save"
    id=$(grep -o '"id":"r[0-9a-z]*"' "$work/body" | head -1 | cut -d'"' -f4)
    curl -s -o /dev/null -w '%{time_total}\n' -X POST -H 'if-match: "r1"' "$url/api/v1/records/$id/propose" >>"$work/propose"
    curl -s -o /dev/null -w '%{time_total}\n' -X POST -H 'if-match: "r2"' "$url/api/v1/records/$id/accept" >>"$work/accept"
  done
  stats "POST /records (save)" "$work/save"
  stats "POST /records/{id}/propose" "$work/propose"
  stats "POST /records/{id}/accept" "$work/accept"
  curl -s -o /dev/null -w "GET /records/drift, $n accepted: %{time_total} s (first, computed)\n" "$url/api/v1/records/drift"
  curl -s -o /dev/null -w "GET /records/drift, $n accepted: %{time_total} s (again, cached)\n" "$url/api/v1/records/drift"
  kill "$server"; wait "$server" 2>/dev/null || true
  local started ended
  started=$(date +%s.%N)
  KOMPAS_DATA_DIR=$work "$bin" review --database-url "$db" >/dev/null || true
  ended=$(date +%s.%N)
  echo "kompas review, $n accepted: $(echo "$ended - $started" | bc) s"
}

run "sqlite://$work/bench.sqlite3" "SQLite"
if [ -n "${KOMPAS_TEST_POSTGRES_URL:-}" ]; then
  db=$(python3 -c "import sys; u=sys.argv[1]; print(u.rsplit('/',1)[0])" "$KOMPAS_TEST_POSTGRES_URL")/bench_$$
  psql "$KOMPAS_TEST_POSTGRES_URL" -qc "CREATE DATABASE bench_$$" >/dev/null
  run "$db" "PostgreSQL"
  psql "$KOMPAS_TEST_POSTGRES_URL" -qc "DROP DATABASE bench_$$" >/dev/null
fi

: >"$work/cli"
for i in $(seq 1 20); do
  started=$(date +%s.%N)
  KOMPAS_DATA_DIR=$work "$bin" record save examples/webshop.yaml --title "CLI $i" >/dev/null 2>&1
  ended=$(date +%s.%N)
  echo "$ended - $started" | bc >>"$work/cli"
done
stats "kompas record save (process)" "$work/cli"

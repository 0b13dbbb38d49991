#!/usr/bin/env bash
# A bounded load test of `kompas serve` on loopback, with wrk (Debian package).
#
#   bash scripts/load/run.sh                 # release build of the serve example
#   KOMPAS_BIN=target/release/kompas DURATION=15 RSS_DURATION=60 bash scripts/load/run.sh
#
# 1. GET /healthz and POST /api/v1/assess (the webshop profile, gzip accepted
#    as a browser does, then once more uncompressed) at 64 connections,
#    2 threads, DURATION seconds each: requests/s, p50, p99, errors; assess
#    throughput as a share of /healthz throughput. The same profile again and
#    again is served from the assessment cache; "assess-uncached" sends a new
#    profile every time (scripts/load/assess-vary.lua), so each one is assessed
#    and rendered ("assess-uncached" in the default full view,
#    "assess-uncached-summary" in the summary view); "assess-uncached-random"
#    sends a random answer to each of the ten questions of the webshop case
#    (scripts/load/assess-random.lua), so few profiles share a cell of any
#    decision's flips; their throughput is also given as a share of /healthz's.
# 2. POST /api/v1/assess for RSS_DURATION seconds while the server's resident
#    memory is sampled every 5 s (a flat line means no leak).
# Everything runs on 127.0.0.1 and stops by itself; results go to target/load/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
duration=${DURATION:-15}
rss_duration=${RSS_DURATION:-60}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
out=$root/target/load
mkdir -p "$out"
export KOMPAS_PROFILE=$root/crates/serve/tests/fixtures/webshop.json

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
if [ -n "${KOMPAS_BIN:-}" ]; then
  bin=$KOMPAS_BIN
else
  cargo build --release --quiet -p kompas-serve --example serve
  bin=$root/target/release/examples/serve
fi

log=$out/server.log
. "$root/scripts/lib/server.sh"
RUST_LOG=warn,kompas_serve=info start_server "$bin" "$log"
echo "server: $url ($bin), $(nproc) cores"

# A request that does not answer 200 fails the run before any number is taken.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary "@$KOMPAS_PROFILE" "$url/api/v1/assess")
[ "$code" = 200 ] || { echo "POST /api/v1/assess answered $code"; exit 1; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }

# run NAME PATH [wrk args...] -> prints and records req/s, latency, errors
run() {
  local name=$1 path=$2; shift 2
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" "$url$path" >"$out/$name.txt"
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out/$name.txt")
  sockerr=$(grep -Eo 'Socket errors: .*' "$out/$name.txt" || true)
  printf '%-16s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" "${sockerr:-socket errors: 0}"
  echo "$rps" >"$out/$name.rps"
  if [ -n "$non2xx" ] && [ "$non2xx" != 0 ]; then echo "FAIL: $name had $non2xx error responses"; failed=1; fi
}

failed=0
echo "== throughput and latency: $connections connections, $threads threads, ${duration}s each"
run healthz /healthz
run assess /api/v1/assess -s scripts/load/assess.lua
ACCEPT_ENCODING=identity run assess-identity /api/v1/assess -s scripts/load/assess.lua
run assess-uncached /api/v1/assess -s scripts/load/assess-vary.lua
run assess-uncached-summary '/api/v1/assess?view=summary' -s scripts/load/assess-vary.lua
run assess-uncached-random /api/v1/assess -s scripts/load/assess-random.lua
share() { awk -v a="$(cat "$out/$1.rps")" -v h="$(cat "$out/healthz.rps")" 'BEGIN {printf "%.0f", 100 * a / h}'; }
echo "assess throughput = $(share assess)% of /healthz (cached profile)"
echo "uncached assess throughput = $(share assess-uncached)% of /healthz (full view), $(share assess-uncached-summary)% (summary view), $(share assess-uncached-random)% (full view, random profiles)"

echo "== memory: POST /api/v1/assess for ${rss_duration}s, RSS sampled every 5 s"
samples=("$(rss_kib)")
wrk -t"$threads" -c"$connections" -d"${rss_duration}s" -s scripts/load/assess.lua "$url/api/v1/assess" >"$out/rss-wrk.txt" &
load=$!
for _ in $(seq 5 5 "$rss_duration"); do
  sleep 5
  samples+=("$(rss_kib)")
done
wait "$load"
samples+=("$(rss_kib)")
echo "RSS KiB: ${samples[*]}"
printf '%s\n' "${samples[@]}" >"$out/rss.txt"
awk '{ if (NR == 1) first = $1; if (NR == 2) warm = $1; if ($1 > max) max = $1; last = $1 }
     END { printf "RSS: idle %d KiB, after 5 s %d KiB, max %d KiB, end %d KiB (growth after warm-up %+d KiB)\n", first, warm, max, last, last - warm }' "$out/rss.txt"
rss_non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out/rss-wrk.txt")
echo "memory run: $(awk '/^Requests\/sec:/ {print $2}' "$out/rss-wrk.txt") req/s, non-2xx ${rss_non2xx:-0}"
[ -z "$rss_non2xx" ] || [ "$rss_non2xx" = 0 ] || failed=1

grep -q '"level":"WARN"' "$log" && { echo "the server logged warnings:"; grep '"level":"WARN"' "$log" | head; failed=1; }
exit "$failed"

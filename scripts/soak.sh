#!/usr/bin/env bash
# A soak test of `kompas serve` (not part of CI): DURATION seconds (default
# 600) of valid and hostile requests on loopback while the KB is reloaded the
# way kubelet updates a ConfigMap, good and bad KBs in turn. See
# scripts/soak.py for what it sends and what fails it. Prints the request
# counts, the 5xx count, the resident-memory range and the reload times;
# everything goes to target/soak/ and the server is stopped at the end.
#
#   bash scripts/soak.sh                       # release build, 10 minutes
#   DURATION=60 KOMPAS_BIN=target/release/examples/serve bash scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-600}
out=$root/target/soak
rm -rf "$out"
mkdir -p "$out"

if [ -n "${KOMPAS_BIN:-}" ]; then
  bin=$KOMPAS_BIN
else
  cargo build --release --quiet -p kompas-serve --example serve
  bin=$root/target/release/examples/serve
fi

# The KB as a ConfigMap volume: ..<timestamp>/ with the files, ..data -> it,
# and a link through ..data for every top-level entry.
source=$out/source
cp -r "$root/kb/webshop" "$source"
kb=$out/kb
stamp="..$(date +%Y_%m_%d_%H_%M_%S)_0"
mkdir -p "$kb"
cp -r "$source" "$kb/$stamp"
ln -s "$stamp" "$kb/..data"
for entry in "$source"/*; do
  name=$(basename "$entry")
  ln -s "..data/$name" "$kb/$name"
done

log=$out/server.log
"$bin" serve --addr 127.0.0.1:0 --log-format json --kb "$kb" --watch 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
url=
for _ in $(seq 1 300); do
  url=$(grep -o '"url":"http://[^"]*"' "$log" | head -1 | cut -d'"' -f4 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { echo "the server exited:"; cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start"; cat "$log"; exit 1; }
echo "server: $url ($bin), $(nproc) cores, ${duration}s"

status=0
python3 "$root/scripts/soak.py" --url "$url" --pid "$server" --kb-dir "$kb" --source "$source" --duration "$duration" || status=$?

kill -TERM "$server"
wait "$server" || { echo "the server did not stop cleanly"; status=1; }
trap - EXIT
if grep -q '"level":"WARN".*request failed' "$log"; then
  echo "the server logged failed requests:"
  grep '"level":"WARN".*request failed' "$log" | head
  status=1
fi
echo "refused reloads logged: $(grep -c 'KB refused' "$log" || true); server log: $log"
exit "$status"

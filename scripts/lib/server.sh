# Starts a kompas server on a free loopback port for a script, and stops it on exit.
#
#   . scripts/lib/server.sh
#   start_server BIN LOGFILE      # sets $url and $server; extra env is passed through
#
# The server logs JSON; its first "listening" line carries the URL it bound.
start_server() {
  local bin=$1 log=$2
  # Records go to a throw-away store, never to the user's data directory.
  KOMPAS_DATA_DIR=${KOMPAS_DATA_DIR:-$(mktemp -d)} "$bin" serve --addr 127.0.0.1:0 --log-format json 2>"$log" &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
  url=
  for _ in $(seq 1 300); do
    url=$(grep -o '"url":"http://[^"]*"' "$log" | head -1 | cut -d'"' -f4 || true)
    [ -n "$url" ] && return 0
    kill -0 "$server" 2>/dev/null || { echo "the server exited:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "the server did not start:"; cat "$log"; exit 1
}

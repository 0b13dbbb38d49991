# A throw-away PostgreSQL cluster for the tests: data under target/, listening
# on a free loopback port only, trust authentication (nothing else can reach
# it), stopped on exit.
#
#   . scripts/lib/postgres.sh
#   start_postgres target/postgres    # sets and exports KOMPAS_TEST_POSTGRES_URL
#   ...
#   stop_postgres
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the
# `postgres` user that Debian's package creates.
start_postgres() {
  local dir=$1
  pg_dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)"; return 1
  fi
  pg_as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "no postgres user to run PostgreSQL as"; return 1; }
    pg_as=(runuser -u postgres --)
  fi
  [ -f "$pg_dir/data/postmaster.pid" ] && "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_dir"
  mkdir -p "$pg_dir"
  [ ${#pg_as[@]} -gt 0 ] && chown postgres "$pg_dir"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U kompas --auth=trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 \
    || { echo "initdb failed:"; cat "$pg_dir/initdb.log"; return 1; }
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-k /tmp -p $port -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { echo "PostgreSQL did not start:"; cat "$pg_dir/server.log"; return 1; }
  export KOMPAS_TEST_POSTGRES_URL="postgres://kompas@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | grep -Eo '[0-9]+(\.[0-9]+)*' | head -1) on 127.0.0.1:$port (data in $pg_dir)"
}

stop_postgres() {
  [ -n "${pg_bin:-}" ] && [ -f "$pg_dir/data/postmaster.pid" ] || return 0
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

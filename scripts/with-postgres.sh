#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on 127.0.0.1, exported to it as
# WPS_TEST_POSTGRES_URL, and removes the server afterwards.
#   scripts/with-postgres.sh swift test --skip-build
# Installs Debian's postgresql when it is missing. initdb refuses to run as root, so the
# server runs as the 'postgres' user (created by the Debian package).
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "with-postgres: installing postgresql" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

dir=$(mktemp -d /tmp/wps-pg.XXXXXX)
port=${WPS_TEST_POSTGRES_PORT:-$((20000 + RANDOM % 20000))}
run_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi

cleanup() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U wps --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
  start >/dev/null
"${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U wps wps

export WPS_TEST_POSTGRES_URL="postgres://wps@127.0.0.1:$port/wps?sslmode=disable"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"

#!/usr/bin/env bash
# A throwaway PostgreSQL server for the *Postgres* tests (and for trying a shared store by hand).
#
#   scripts/postgres-test-server.sh install        installs Debian's postgresql when no server binaries are found (root)
#   scripts/postgres-test-server.sh start [PORT]   starts a server on 127.0.0.1:PORT (default: a free one) as an
#                                                   unprivileged user; prints "url=JDBC-URL" and "dir=DIR"
#   scripts/postgres-test-server.sh stop DIR       stops it and deletes DIR
#
# PostgreSQL refuses to run as root: as root the server runs as the "postgres" user (Debian's package makes it;
# else a system user "cqlpg" is created). The cluster is trust-authenticated on 127.0.0.1 only, without fsync:
# for tests, never for data you keep.
set -euo pipefail

find_bin() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && best="$d"
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then
    best="$(dirname "$(command -v initdb)")"
  fi
  echo "$best"
}

install_server() {
  if [ -n "$(find_bin)" ]; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgres-test-server: no PostgreSQL server binaries (initdb) found; install Debian's postgresql package" >&2
    return 1
  fi
  # no default cluster: the tests make their own
  mkdir -p /etc/postgresql-common
  [ -f /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  [ -n "$(find_bin)" ]
}

run_as=()
user=""
server_user() {  # sets $user and $run_as (no subshell: the array must survive)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    if ! id "$user" >/dev/null 2>&1; then
      user=cqlpg
      id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    run_as=(runuser -u "$user" --)
  else
    user="$(id -un)"
    run_as=(env)
  fi
}

free_port() {
  local p
  for p in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

case "${1:-}" in
  install)
    install_server
    ;;
  start)
    install_server
    bin="$(find_bin)"
    port="${2:-$(free_port)}"
    server_user
    dir="$(mktemp -d /tmp/cql-pg.XXXXXX)"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U cql -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    echo "url=jdbc:postgresql://127.0.0.1:$port/postgres?user=cql"
    echo "dir=$dir"
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR}"
    bin="$(find_bin)"
    server_user
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 install | start [PORT] | stop DIR" >&2
    exit 64
    ;;
esac

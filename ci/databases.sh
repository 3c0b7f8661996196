#!/usr/bin/env bash
# Starts (or stops) throwaway MariaDB and PostgreSQL servers for the SQL consistency hook tests.
#
#   ci/databases.sh start   install the Debian packages when missing, initialise fresh data
#                           directories, start both servers on loopback ports of their own and
#                           write the connection facts to $SF_CI_DB_BASE/databases.env
#   ci/databases.sh stop    stop both servers and delete everything under $SF_CI_DB_BASE
#
# Each server's data directory is a volume of a `local` provider rooted at
# $SF_CI_DB_BASE/local-root (volumes/mariadb-live, volumes/postgres-live), so the tests can
# fork the live data directory through the Snapshotter. Must run as root (apt-get, runuser).
# The env file holds generated passwords: it is mode 600 and this script never prints them.
set -euo pipefail

BASE="${SF_CI_DB_BASE:-/tmp/snapfork-db}"
ROOT="$BASE/local-root"
RUN="$BASE/run"
ENV_FILE="$BASE/databases.env"
MARIADB_PORT="${SF_CI_MARIADB_PORT:-13306}"
PG_PORT="${SF_CI_PG_PORT:-15432}"
MARIADB_DIR="$ROOT/volumes/mariadb-live"
PG_DIR="$ROOT/volumes/postgres-live"

log() { echo "databases.sh: $*" >&2; }

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && echo "$d"
}

install_if_missing() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

wait_for() { # description, command...
  local what="$1"; shift
  for _ in $(seq 1 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "$what did not come up"; return 1
}

start_mariadb() {
  local pw="$1"
  mkdir -p "$MARIADB_DIR"
  mariadb-install-db --no-defaults --user=root --datadir="$MARIADB_DIR" \
    --auth-root-authentication-method=socket --skip-test-db >"$RUN/mariadb-install.log" 2>&1
  mariadbd --no-defaults --user=root --datadir="$MARIADB_DIR" --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 --socket="$RUN/mariadb.sock" --pid-file="$RUN/mariadb.pid" \
    --log-error="$RUN/mariadb.err" --log-bin=mariadb-bin --server-id=1 \
    --innodb-buffer-pool-size=128M --innodb-log-file-size=64M --skip-name-resolve \
    >/dev/null 2>&1 &
  wait_for "MariaDB" mariadb --no-defaults --socket="$RUN/mariadb.sock" -uroot -e "SELECT 1"
  mariadb --no-defaults --socket="$RUN/mariadb.sock" -uroot <<SQL
CREATE USER 'snapfork'@'%' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'snapfork'@'%' WITH GRANT OPTION;
CREATE DATABASE snapfork_test;
SQL
}

start_postgres() {
  local pw="$1" bin
  bin="$(pg_bin)"
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR"
  local pwfile="$RUN/pg.pw"
  printf '%s\n' "$pw" >"$pwfile"
  chown postgres "$pwfile"; chmod 600 "$pwfile"
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >"$RUN/initdb.log" 2>&1
  rm -f "$pwfile"
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR" -l "$RUN/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $RUN -c listen_addresses=127.0.0.1 -c shared_buffers=128MB -c max_wal_size=1GB" \
    start >/dev/null
}

start() {
  if [ -f "$ENV_FILE" ] && [ -f "$RUN/mariadb.pid" ] && kill -0 "$(cat "$RUN/mariadb.pid")" 2>/dev/null; then
    log "already running; facts in $ENV_FILE"; echo "$ENV_FILE"; return 0
  fi
  [ "$(id -u)" = 0 ] || { log "must run as root (apt-get, runuser)"; exit 1; }
  install_if_missing
  rm -rf "$BASE"
  mkdir -p "$ROOT/volumes" "$RUN"
  chmod 755 "$BASE" "$ROOT" "$ROOT/volumes"
  chmod 1777 "$RUN"
  local mpw ppw
  mpw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  ppw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  start_mariadb "$mpw" &
  local mjob=$!
  start_postgres "$ppw"
  wait "$mjob"
  umask 077
  cat >"$ENV_FILE" <<ENV
SF_CI_DB_ROOT=$ROOT
SF_CI_DB_RUN=$RUN
MARIADB_URL=jdbc:mariadb://127.0.0.1:$MARIADB_PORT/snapfork_test
MARIADB_PORT=$MARIADB_PORT
MARIADB_USER=snapfork
MARIADB_PASSWORD=$mpw
MARIADB_VOLUME=mariadb-live
MARIADBD=$(command -v mariadbd)
PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
PG_PORT=$PG_PORT
PG_USER=postgres
PG_PASSWORD=$ppw
PG_VOLUME=postgres-live
PG_BIN=$(pg_bin)
ENV
  log "MariaDB on 127.0.0.1:$MARIADB_PORT (datadir $MARIADB_DIR), PostgreSQL on 127.0.0.1:$PG_PORT (datadir $PG_DIR)"
  log "connection facts (with passwords, mode 600) in $ENV_FILE"
  echo "$ENV_FILE"
}

stop() {
  if [ -f "$RUN/mariadb.pid" ]; then
    local pid; pid="$(cat "$RUN/mariadb.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  local bin; bin="$(pg_bin || true)"
  if [ -n "$bin" ] && [ -f "$PG_DIR/postmaster.pid" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$BASE"
  log "stopped; removed $BASE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

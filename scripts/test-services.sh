#!/usr/bin/env bash
# Start or stop the PostgreSQL and Redis that the multi-process tests use, on loopback only.
# Installs them (and nginx, for the production-launch test) from Debian's packages when missing. Usage: scripts/test-services.sh start|stop|env
set -euo pipefail
PG_PORT=${AGORA_TEST_PG_PORT:-55432}
REDIS_PORT=${AGORA_TEST_REDIS_PORT:-56379}
DATA=${AGORA_TEST_SERVICES_DIR:-/tmp/agora-test-services}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install() {
  if [ -z "$(pg_bin)" ] || ! command -v redis-server >/dev/null || [ ! -x /usr/sbin/nginx ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql redis-server nginx >/dev/null
  fi
}

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "cd / && $*"; else sh -c "$*"; fi; }

start() {
  install
  local bin; bin=$(pg_bin)
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  if [ ! -f "$DATA/pg/PG_VERSION" ]; then
    as_postgres "$bin/initdb -D $DATA/pg -U postgres -A trust --no-sync >/dev/null"
  fi
  as_postgres "$bin/pg_ctl -D $DATA/pg status >/dev/null" ||
    as_postgres "$bin/pg_ctl -D $DATA/pg -o '-p $PG_PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -l $DATA/pg.log -w start >/dev/null"
  as_postgres "$bin/psql -h 127.0.0.1 -p $PG_PORT -U postgres -tc \"select 1 from pg_roles where rolname='agora'\"" | grep -q 1 ||
    as_postgres "$bin/psql -h 127.0.0.1 -p $PG_PORT -U postgres -c \"create role agora login password 'agora' superuser\" >/dev/null"
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --pidfile "$DATA/redis.pid" --logfile "$DATA/redis.log"
  echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
}

stop() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -f "$DATA/pg/postmaster.pid" ] && as_postgres "$bin/pg_ctl -D $DATA/pg -m fast stop >/dev/null" || true
  command -v redis-cli >/dev/null && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  echo "Test services stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "AGORA_TEST_POSTGRES=postgresql+psycopg://agora:agora@127.0.0.1:$PG_PORT/postgres AGORA_TEST_REDIS=redis://127.0.0.1:$REDIS_PORT/0" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Run Agora as in production: N gunicorn processes sharing PostgreSQL and Redis, nginx in front.
# Needs DATABASE_URL, SOCKETIO_MESSAGE_QUEUE and SECRET_KEY in the environment.
# Usage: scripts/serve-production.sh start [processes] | stop
set -euo pipefail
APP_DIR=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${AGORA_RUN_DIR:-$APP_DIR/instance/run}
FIRST_PORT=${AGORA_FIRST_PORT:-8001}
NGINX_PORT=${AGORA_NGINX_PORT:-8080}
BIN=$APP_DIR/.venv/bin

# gunicorn --daemon returns before the worker listens: say "started" only once each answers.
wait_healthy() {
  "$BIN/python" - "$1" <<'PY' || { echo "port $1 did not answer /healthz; see $RUN_DIR/gunicorn-$1.log" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
}

start() {
  local count=${1:-2}
  : "${DATABASE_URL:?set DATABASE_URL}" "${SOCKETIO_MESSAGE_QUEUE:?set SOCKETIO_MESSAGE_QUEUE}" "${SECRET_KEY:?set SECRET_KEY}"
  export AGORA_ENV=${AGORA_ENV:-production}
  # nginx in front: rate limits key on the client's address from X-Forwarded-For, not nginx's.
  export AGORA_TRUSTED_PROXIES=${AGORA_TRUSTED_PROXIES:-1}
  # Rate limits shared by every process (else each counts its own): the same Redis by default.
  export RATELIMIT_STORAGE_URI=${RATELIMIT_STORAGE_URI:-$SOCKETIO_MESSAGE_QUEUE}
  mkdir -p "$RUN_DIR"
  (cd "$APP_DIR" && FLASK_APP=app "$BIN/flask" db upgrade)
  local upstreams=""
  for i in $(seq 0 $((count - 1))); do
    local port=$((FIRST_PORT + i))
    (cd "$APP_DIR" && AGORA_BIND=127.0.0.1:$port "$BIN/gunicorn" -c deploy/gunicorn.conf.py \
      --daemon --pid "$RUN_DIR/gunicorn-$port.pid" --error-logfile "$RUN_DIR/gunicorn-$port.log" \
      --access-logfile "$RUN_DIR/gunicorn-$port-access.log" 'app:create_app()')
    upstreams+="        server 127.0.0.1:$port;"$'\n'
  done
  for i in $(seq 0 $((count - 1))); do
    wait_healthy $((FIRST_PORT + i))
  done
  local nginx_user=""  # nginx ignores (and warns about) the directive unless started as root
  [ "$(id -u)" = 0 ] && nginx_user="user $(id -un) $(id -gn);"
  RUN_DIR=$RUN_DIR APP_DIR=$APP_DIR NGINX_PORT=$NGINX_PORT UPSTREAMS=$upstreams NGINX_USER=$nginx_user "$BIN/python" -c \
    'import os, string, sys; print(string.Template(sys.stdin.read()).safe_substitute(os.environ))' \
    < "$APP_DIR/deploy/nginx.conf.template" > "$RUN_DIR/nginx.conf"
  if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    "${NGINX:-/usr/sbin/nginx}" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
    echo "Agora: $count processes behind nginx on http://127.0.0.1:$NGINX_PORT"
  else
    echo "Agora: $count processes on ports $FIRST_PORT.. (nginx is not installed)"
  fi
}

stop() {
  [ -f "$RUN_DIR/nginx.pid" ] && kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
  for pidfile in "$RUN_DIR"/gunicorn-*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  echo "Agora stopped"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [processes] | stop" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Install (Debian packages) and start the real PostgreSQL and Redis servers
# that the scale-out tests use, and install the headless Chromium and its
# driver that the browser test uses. Safe to run again; used by .ci/run and
# by developers who want the whole suite locally.
set -euo pipefail

PG_USER=encuentro
PG_DB=encuentro_test
REDIS_PORT=6390

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q && break
  sleep 1
done
psql_admin() { runuser -u postgres -- psql -qtAX -v ON_ERROR_STOP=1 "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_USER' CREATEDB"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi

if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 1 30); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi

cat > .ci/services.env <<ENV
TEST_DATABASE_URL=postgresql://$PG_USER:$PG_USER@127.0.0.1:5432/$PG_DB
TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
ENV
echo "PostgreSQL $version, Redis and Chromium ready (.ci/services.env)."

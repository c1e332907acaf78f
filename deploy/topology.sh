#!/usr/bin/env bash
# The whole topology on one machine (127.0.0.1 only): a PostgreSQL primary and a streaming
# replica of it, APPS app processes reading from both, and nginx in front of them — the shape of
# a deployment on several machines, to try it, rehearse failures and measure it (README, 多机部署).
#
#   deploy/topology.sh up       installs nginx and PostgreSQL 15 from Debian's packages if missing,
#                               makes (first time) or starts (later) the parts, prints the URL
#   deploy/topology.sh down     stops every part; leaves no process (data stays: `up` resumes)
#   deploy/topology.sh down --purge   the same, then removes TOPOLOGY_DIR
#   deploy/topology.sh status   what runs, on which port, and the replica's state
#   deploy/topology.sh pg primary|replica <pg_ctl command…>   pg_ctl on one of the two servers
#                               (`pg primary restart`, `pg replica stop`), as their owner
#
# Settings (environment): TOPOLOGY_DIR (default ./.topology: data dirs, pids, logs, ports and the
# generated secrets, mode 700), APPS (default 2), TOPOLOGY_PORT (nginx, default 8080),
# TOPOLOGY_APP_PORT (the first app's, default 3101; the others follow), TOPOLOGY_PG_PORT (the
# primary, default 5441; the replica the next), TOPOLOGY_BUILD=1 (build even if dist/ exists),
# PG_FSYNC=off (throwaway clusters only), TOPOLOGY_SERVER_BUILD (see build() below),
# TOPOLOGY_APP_USER=root (as root, keep the app processes root: for a checkout other users cannot
# read). Every other setting of README's configuration table
# (NIANGJIA_ROOT_ORG_NAME, DATABASE_POOL_SIZE, REPLICA_* …) is passed to the app processes.
# The data key, the audit key, the admin password and the database passwords are generated at the
# first `up` into TOPOLOGY_DIR/secrets.env unless given as NIANGJIA_DATA_KEY, NIANGJIA_AUDIT_KEY,
# NIANGJIA_ADMIN_PASSWORD.
#
# PostgreSQL refuses to run as root: as root its files belong to, and it runs as, the user
# `postgres`, nginx's workers run as `nobody` and the app processes as the system user `niangjia`
# (made if missing); otherwise everything runs as the user who runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${TOPOLOGY_DIR:-./.topology}
mkdir -p "$DIR" && DIR=$(cd "$DIR" && pwd)
APPS_ASKED=${APPS:-}
APPS=${APPS:-2}
NGINX_PORT=${TOPOLOGY_PORT:-8080}
APP_PORT=${TOPOLOGY_APP_PORT:-3101}
PG_PORT=${TOPOLOGY_PG_PORT:-5441}
REPLICA_PORT=$((PG_PORT + 1))
PRIMARY="$DIR/pg/primary"
REPLICA="$DIR/pg/replica"
SOCKETS="$DIR/pg/run"

say() { printf '%s\n' "$*" >&2; }
die() { say "topology: $*"; exit 1; }
as_root() { [ "$(id -u)" -eq 0 ]; }
sudo_cmd() { if as_root; then "$@"; else sudo "$@"; fi; }

# The ports chosen at the first `up` stay the topology's: later calls read them from state.env.
if [ -f "$DIR/state.env" ]; then
  # shellcheck disable=SC1091
  source "$DIR/state.env"
  # The number of app processes may change from one `up` to the next (nginx is reloaded).
  if [ -n "$APPS_ASKED" ]; then APPS=$APPS_ASKED; fi
fi

pgbin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] && echo "$bin"
}
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }

install_missing() {
  local need=()
  [ -n "$(nginx_bin)" ] || need+=(nginx)
  [ -n "$(pgbin)" ] || need+=(postgresql-15)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  [ ${#need[@]} -eq 0 ] && return 0
  say "installing ${need[*]} (apt-get)"
  sudo_cmd apt-get update -qq
  # Debian's packages start their own services (port 80, 5432) where an init system runs them:
  # policy-rc.d's 101 keeps them stopped; this topology runs its own instances.
  local policy=/usr/sbin/policy-rc.d
  local placed=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | sudo_cmd tee "$policy" >/dev/null && sudo_cmd chmod +x "$policy" && placed=1
  fi
  local ok=1
  DEBIAN_FRONTEND=noninteractive sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null || ok=0
  if [ $placed -eq 1 ]; then sudo_cmd rm -f "$policy"; fi
  [ $ok -eq 1 ] || die "apt-get install ${need[*]} failed"
  [ -n "$(nginx_bin)" ] && [ -n "$(pgbin)" ] || die "nginx or PostgreSQL still missing after apt-get install"
}

# Runs a command, or a PostgreSQL binary, as the owner of the data directories.
as_pg() { if as_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg() {
  local cmd=$1
  shift
  as_pg "$(pgbin)/$cmd" "$@"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(head -n 1 "$1")" 2>/dev/null; }
pg_running() { [ -f "$1/postmaster.pid" ] && pg pg_ctl -D "$1" status >/dev/null 2>&1; }

secrets() {
  local f="$DIR/secrets.env"
  if [ ! -f "$f" ]; then
    umask 077
    {
      echo "NIANGJIA_DATA_KEY=${NIANGJIA_DATA_KEY:-$(openssl rand -base64 32)}"
      echo "NIANGJIA_AUDIT_KEY=${NIANGJIA_AUDIT_KEY:-$(openssl rand -base64 32)}"
      echo "NIANGJIA_ADMIN_PASSWORD=${NIANGJIA_ADMIN_PASSWORD:-Adm$(openssl rand -hex 8)}"
      echo "APP_DB_PASSWORD=$(openssl rand -hex 16)"
      echo "REPLICATION_PASSWORD=$(openssl rand -hex 16)"
    } >"$f"
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$f"
}

write_state() {
  cat >"$DIR/state.env" <<EOF
APPS=$APPS
NGINX_PORT=$NGINX_PORT
APP_PORT=$APP_PORT
PG_PORT=$PG_PORT
REPLICA_PORT=$REPLICA_PORT
EOF
}

pg_settings() { # port
  cat <<EOF
# Written by deploy/topology.sh
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$SOCKETS'
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
hot_standby = on
hot_standby_feedback = on
max_connections = 200
fsync = ${PG_FSYNC:-on}
EOF
}

make_primary() {
  local pwfile="$DIR/pg/superuser.pw"
  say "PostgreSQL primary: initdb in $PRIMARY"
  (umask 077 && openssl rand -hex 16 >"$pwfile")
  if as_root; then chown postgres "$pwfile"; fi
  pg initdb -D "$PRIMARY" -U postgres --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$DIR/pg/initdb.log" 2>&1 || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"
  pg_settings "$PG_PORT" | as_pg tee "$PRIMARY/topology.conf" >/dev/null
  echo "include_if_exists = 'topology.conf'" | as_pg tee -a "$PRIMARY/postgresql.conf" >/dev/null
  # initdb's pg_hba.conf already asks every TCP connection from 127.0.0.1 for a password
  # (replication included) and lets only the OS user postgres in by the socket.
  pg pg_ctl -D "$PRIMARY" -l "$DIR/pg/primary.log" -w start >/dev/null || { tail -n 20 "$DIR/pg/primary.log" >&2; die "primary did not start"; }
  pg psql -h "$SOCKETS" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<EOF
create role niangjia login password '$APP_DB_PASSWORD';
create database niangjia owner niangjia;
create role replicator replication login password '$REPLICATION_PASSWORD';
EOF
}

make_replica() {
  say "PostgreSQL replica: pg_basebackup -R from the primary into $REPLICA"
  if as_root; then
    runuser -u postgres -- env PGPASSWORD="$REPLICATION_PASSWORD" "$(pgbin)/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U replicator \
      -D "$REPLICA" -R -X stream -c fast
  else
    PGPASSWORD="$REPLICATION_PASSWORD" "$(pgbin)/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U replicator -D "$REPLICA" -R -X stream -c fast
  fi
  pg_settings "$REPLICA_PORT" | as_pg tee "$REPLICA/topology.conf" >/dev/null
}

start_pg() {
  mkdir -p "$DIR/pg" "$SOCKETS"
  if as_root; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$DIR/pg" "$SOCKETS"
    runuser -u postgres -- test -x "$DIR/pg" || die "the user postgres cannot enter $DIR: give TOPOLOGY_DIR a folder it can reach (e.g. under /var/lib or /tmp)"
  fi
  chmod 700 "$SOCKETS"
  [ -d "$PRIMARY" ] || make_primary
  pg_running "$PRIMARY" || pg pg_ctl -D "$PRIMARY" -l "$DIR/pg/primary.log" -w start >/dev/null || {
    tail -n 20 "$DIR/pg/primary.log" >&2
    die "primary did not start"
  }
  [ -d "$REPLICA" ] || make_replica
  pg_running "$REPLICA" || pg pg_ctl -D "$REPLICA" -l "$DIR/pg/replica.log" -w start >/dev/null || {
    tail -n 20 "$DIR/pg/replica.log" >&2
    die "replica did not start"
  }
}

# The server the app processes run: the project's build (dist/), or, with TOPOLOGY_SERVER_BUILD (a
# folder inside the project, so that node_modules and migrations/ are found from it), the server
# compiled on its own there — what a test does, so that no other build of dist/ is read half-written.
SERVER_BUILD=${TOPOLOGY_SERVER_BUILD:-}
MAIN_JS=${SERVER_BUILD:+$SERVER_BUILD/server/main.js}
MAIN_JS=${MAIN_JS:-dist/node/server/main.js}

build() {
  if [ -n "$SERVER_BUILD" ]; then
    [ -f "$MAIN_JS" ] && return
    say "compiling the server into $SERVER_BUILD"
    npx tsc -p tsconfig.server.json --outDir "$SERVER_BUILD" >"$DIR/build.log" 2>&1 || { tail -n 30 "$DIR/build.log" >&2; die "the server did not compile (log: $DIR/build.log)"; }
  elif [ "${TOPOLOGY_BUILD:-0}" = 1 ] || [ ! -f dist/node/server/main.js ] || [ ! -f dist/web/index.html ]; then
    say "npm run build"
    npm run -s build >"$DIR/build.log" 2>&1 || { tail -n 30 "$DIR/build.log" >&2; die "npm run build failed (log: $DIR/build.log)"; }
  fi
}

ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/api/health/ready"; }

start_apps() {
  local i port f
  mkdir -p "$DIR/apps"
  # Fewer processes than last time: the extra ones stop (nginx no longer names them after the reload).
  for f in "$DIR"/apps/*.pid; do
    [ -e "$f" ] || continue
    i=$(basename "$f" .pid)
    if [ "$i" -gt "$APPS" ]; then stop_pid "$f" "${SHUTDOWN_TIMEOUT_SECONDS:-25}"; fi
  done
  for ((i = 1; i <= APPS; i++)); do
    port=$((APP_PORT + i - 1))
    pid_alive "$DIR/apps/$i.pid" && continue
    mkdir -p "$DIR/apps/$i"
    # As root the app runs as the system user niangjia (setpriv execs: the pid stays node's own).
    local drop=()
    if as_root && [ "${TOPOLOGY_APP_USER:-niangjia}" != root ]; then
      id -u niangjia >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin niangjia
      chown -R niangjia "$DIR/apps/$i"
      drop=(setpriv --reuid=niangjia --regid=niangjia --init-groups)
    fi
    # Each process has a DATA_DIR of its own: on PostgreSQL it holds only uploads under way.
    env PORT="$port" HOST=127.0.0.1 TRUST_PROXY=1 DATA_DIR="$DIR/apps/$i" \
      DATABASE_URL="postgres://niangjia:$APP_DB_PASSWORD@127.0.0.1:$PG_PORT/niangjia" \
      DATABASE_READ_URL="postgres://niangjia:$APP_DB_PASSWORD@127.0.0.1:$REPLICA_PORT/niangjia" \
      DATABASE_POOL_SIZE="${DATABASE_POOL_SIZE:-4}" \
      NIANGJIA_DATA_KEY="$NIANGJIA_DATA_KEY" NIANGJIA_AUDIT_KEY="$NIANGJIA_AUDIT_KEY" NIANGJIA_ADMIN_PASSWORD="$NIANGJIA_ADMIN_PASSWORD" \
      setsid "${drop[@]}" "$(command -v node)" "$MAIN_JS" >>"$DIR/apps/$i.log" 2>&1 </dev/null &
    echo $! >"$DIR/apps/$i.pid"
    echo "$port" >"$DIR/apps/$i.port"
  done
  for ((i = 1; i <= APPS; i++)); do
    port=$(cat "$DIR/apps/$i.port")
    local waited=0
    until ready "$port"; do
      pid_alive "$DIR/apps/$i.pid" || { tail -n 20 "$DIR/apps/$i.log" >&2; die "app $i exited (log: $DIR/apps/$i.log)"; }
      waited=$((waited + 1))
      [ $waited -gt 120 ] && die "app $i not ready after 60 s (log: $DIR/apps/$i.log)"
      sleep 0.5
    done
  done
}

start_nginx() {
  local n="$DIR/nginx" servers="" i user_line=""
  mkdir -p "$n/tmp"
  for ((i = 1; i <= APPS; i++)); do
    servers+="    server 127.0.0.1:$((APP_PORT + i - 1)) max_fails=1 fail_timeout=5s;"$'\n'
  done
  if as_root; then
    user_line="user nobody nogroup;"
    chown -R nobody "$n/tmp"
  fi
  awk -v dir="$DIR" -v port="$NGINX_PORT" -v user="$user_line" -v servers="${servers%$'\n'}" '
    { gsub(/\{\{DIR\}\}/, dir); gsub(/\{\{PORT\}\}/, port); gsub(/\{\{USER\}\}/, user) }
    /\{\{SERVERS\}\}/ { print servers; next }
    { print }' deploy/nginx.conf.template >"$n/nginx.conf"
  "$(nginx_bin)" -t -q -p "$n" -e "$n/error.log" -c "$n/nginx.conf" || die "nginx refused $n/nginx.conf"
  if pid_alive "$n/nginx.pid"; then
    "$(nginx_bin)" -p "$n" -e "$n/error.log" -c "$n/nginx.conf" -s reload
  else
    "$(nginx_bin)" -p "$n" -e "$n/error.log" -c "$n/nginx.conf"
  fi
}

stop_pid() { # pidfile seconds: SIGTERM, then SIGKILL after that many seconds
  local f=$1 wait=$2 pid t
  pid=$(head -n 1 "$f" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((t = 0; t < wait * 10; t++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

cmd_up() {
  install_missing
  secrets
  write_state
  start_pg
  build
  start_apps
  start_nginx
  say "admin password: in $DIR/secrets.env (NIANGJIA_ADMIN_PASSWORD)"
  echo "http://127.0.0.1:$NGINX_PORT/"
}

cmd_down() {
  local n="$DIR/nginx" i
  # nginx's master ends its workers on SIGTERM (fast shutdown).
  stop_pid "$n/nginx.pid" 10
  for f in "$DIR"/apps/*.pid; do
    if [ -e "$f" ]; then stop_pid "$f" "${SHUTDOWN_TIMEOUT_SECONDS:-25}"; fi
  done
  for d in "$REPLICA" "$PRIMARY"; do
    if [ -f "$d/postmaster.pid" ]; then pg pg_ctl -D "$d" -m fast -w stop >/dev/null 2>&1 || true; fi
  done
  if [ "${1:-}" = --purge ]; then rm -rf "$DIR"; fi
  say "topology stopped"
}

cmd_status() {
  local i state
  printf 'nginx    %-8s http://127.0.0.1:%s/\n' "$(pid_alive "$DIR/nginx/nginx.pid" && echo running || echo stopped)" "$NGINX_PORT"
  for f in "$DIR"/apps/*.pid; do
    [ -e "$f" ] || continue
    i=$(basename "$f" .pid)
    if ! pid_alive "$f"; then state=stopped; elif ready "$(cat "$DIR/apps/$i.port")"; then state=ready; else state=not-ready; fi
    printf 'app %-4s %-8s pid %s port %s\n' "$i" "$state" "$(cat "$f")" "$(cat "$DIR/apps/$i.port")"
  done
  printf 'primary  %-8s port %s %s\n' "$(pg_running "$PRIMARY" && echo running || echo stopped)" "$PG_PORT" "$PRIMARY"
  printf 'replica  %-8s port %s %s\n' "$(pg_running "$REPLICA" && echo running || echo stopped)" "$REPLICA_PORT" "$REPLICA"
  if pg_running "$PRIMARY"; then
    pg psql -h "$SOCKETS" -p "$PG_PORT" -U postgres -d postgres -Atq -c \
      "select 'replication: ' || application_name || ' ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication" || true
  fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down "${2:-}" ;;
  status) cmd_status ;;
  pg)
    case "${2:-}" in primary) d=$PRIMARY log="$DIR/pg/primary.log" ;; replica) d=$REPLICA log="$DIR/pg/replica.log" ;; *) die "pg primary|replica <pg_ctl command>" ;; esac
    shift 2
    pg pg_ctl -D "$d" -l "$log" -w "$@"
    ;;
  *) die "usage: deploy/topology.sh up|down [--purge]|status|pg primary|replica <pg_ctl command>" ;;
esac

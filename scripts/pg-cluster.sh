# Sourced by .ci/run and bench/run.sh: starts a private PostgreSQL cluster on 127.0.0.1 as a
# non-root user (PostgreSQL refuses root), sets PG_URL, and stops and removes it on exit.
# Optional: PG_FSYNC=off for throwaway test clusters; PG_SHARED_BUFFERS, PG_MAX_WAL_SIZE as in postgresql.conf.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then echo "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)"; return 1; fi
pgdir=$(mktemp -d /tmp/niangjia-pg.XXXXXX)
pgport=$(( 55000 + RANDOM % 5000 ))
runas=()
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$pgdir"
  runas=(runuser -u postgres --)
fi
"${runas[@]}" "$pgbin/initdb" -D "$pgdir/data" -U niangjia --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
  || { cat "$pgdir/initdb.log"; return 1; }
"${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=${PG_FSYNC:-on} -c max_connections=200 -c shared_buffers=${PG_SHARED_BUFFERS:-128MB} -c max_wal_size=${PG_MAX_WAL_SIZE:-1GB}" start >/dev/null \
  || { cat "$pgdir/server.log"; return 1; }
pg_cluster_stop() { "${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pgdir"; }
trap pg_cluster_stop EXIT
PG_URL="postgres://niangjia@127.0.0.1:$pgport/postgres"
"$pgbin/postgres" --version

#!/usr/bin/env bash
# Base backup of the PostgreSQL primary for point-in-time restore (README, Deploying on
# PostgreSQL, step 6), and the WAL archiving it relies on.
#
#   deploy/pg-backup.sh --configure --archive DIR [--pgdata DIR --restart]   once: turn archiving on
#   deploy/pg-backup.sh --archive DIR --backup-dir DIR                       each night: a base backup
#
# Connection: -d/--dbname (a libpq URL or conninfo, to the app's database), else PG_BACKUP_URL,
# else DATABASE_URL, else libpq's PG* variables. The role needs REPLICATION (and superuser for
# --configure), and pg_hba.conf must let it make a replication connection.
#
# WAL goes to the archive through archive_command rather than pg_receivewal: the server itself
# ships every finished segment and keeps it until the copy succeeded, with no extra service to
# supervise and no replication slot that would fill the primary's disk when a receiver dies
# unnoticed. The price is that up to archive_timeout of the newest writes are not in the archive
# yet when the primary's disk is lost; the streaming replicas cover that case, the archive covers
# "the data was wrong since 14:05" and the loss of every machine.
#
# When run as root, the PostgreSQL tools run as the cluster's owner (PG_OS_USER, default postgres),
# which Debian's peer authentication on the local socket expects; as another user they run as it.
set -euo pipefail

usage() {
  cat <<'EOF'
用法：
  deploy/pg-backup.sh --configure --archive <归档目录> [--archive-timeout 秒] [--pgdata <数据目录> --restart]
  deploy/pg-backup.sh --archive <归档目录> --backup-dir <备份目录> [-d <连接串>] [--compress gzip|lz4|zstd|none] [--no-verify]
选项：
  -d, --dbname       主库连接（URL 或 conninfo，指向应用的数据库）；默认 PG_BACKUP_URL，其次 DATABASE_URL
  --archive          WAL 归档目录（PG_ARCHIVE_DIR）：应在另一块磁盘或挂载的另一台机器上
  --backup-dir       基础备份的上级目录（PG_BACKUP_DIR）；每次备份新建 niangjia-pgbase-YYYYMMDD-HHMMSS
  --configure        用 ALTER SYSTEM 开启归档（archive_mode、archive_command、archive_timeout）
  --pgdata, --restart  与 --configure 同用：用 pg_ctl 重启本机这个数据目录的集群，使 archive_mode 生效
EOF
}

die() { echo "pg-backup：$*" >&2; exit 1; }

conn=${PG_BACKUP_URL:-${DATABASE_URL:-}}
archive=${PG_ARCHIVE_DIR:-}
backup_root=${PG_BACKUP_DIR:-}
compress=${PG_BACKUP_COMPRESS:-gzip}
archive_timeout=300
configure=0 restart=0 verify=1 pgdata=""
while [ $# -gt 0 ]; do
  case "$1" in
    -d | --dbname) conn=${2:?}; shift 2 ;;
    --archive) archive=${2:?}; shift 2 ;;
    --backup-dir) backup_root=${2:?}; shift 2 ;;
    --compress) compress=${2:?}; shift 2 ;;
    --archive-timeout) archive_timeout=${2:?}; shift 2 ;;
    --pgdata) pgdata=${2:?}; shift 2 ;;
    --configure) configure=1; shift ;;
    --restart) restart=1; shift ;;
    --no-verify) verify=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "不认识的参数：$1" ;;
  esac
done

pgbin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$pgbin/pg_basebackup" ] || die "找不到 PostgreSQL 客户端程序（PG_BIN=$pgbin）：apt-get install postgresql-client"
runas=()
if [ "$(id -u)" -eq 0 ]; then
  osuser=${PG_OS_USER:-postgres}
  id -u "$osuser" >/dev/null 2>&1 || die "以 root 运行时 PostgreSQL 工具以用户 $osuser 运行，但该用户不存在（PG_OS_USER）"
  runas=(runuser -u "$osuser" --)
fi
connargs=()
[ -n "$conn" ] && connargs=(-d "$conn")
# One value from the primary; -X: no ~/.psqlrc, -A -t: the bare value.
q() { "${runas[@]}" "$pgbin/psql" -X -A -t -v ON_ERROR_STOP=1 "${connargs[@]}" -c "$1"; }
# The archive directory as the server sees it: its owner's rights, not root's.
as_pg() { "${runas[@]}" "$@"; }

[ -n "$archive" ] || die "请用 --archive 或 PG_ARCHIVE_DIR 指定 WAL 归档目录"
case "$archive" in /*) ;; *) archive="$(pwd)/$archive" ;; esac
case "$archive" in *"'"* | *'"'* | *'%'*) die "归档目录 $archive 中不能有引号或 %（它要写进 archive_command）" ;; esac
archive=${archive%/}

q 'select 1' >/dev/null 2>&1 || {
  q 'select 1' >&2 || true
  die "连不上主库（-d / PG_BACKUP_URL / DATABASE_URL）：见上面 psql 的报错"
}
server_num=$(q 'show server_version_num')
[ "$server_num" -ge 150000 ] || die "主库版本为 $(q 'show server_version')，需要 PostgreSQL 15 或更新"

if [ "$configure" -eq 1 ]; then
  [ "$(q "select rolsuper from pg_roles where rolname = current_user")" = t ] || die "--configure 要以超级用户连接（ALTER SYSTEM）"
  if [ ! -d "$archive" ]; then
    mkdir -p "$archive"
    [ ${#runas[@]} -gt 0 ] && chown "${runas[2]}": "$archive"
    chmod 700 "$archive"
  fi
  as_pg test -w "$archive" || die "归档目录 $archive 对运行 PostgreSQL 的用户不可写"
  # Never overwrite a segment already archived: a second cluster pointed at the same directory, or
  # a restored copy, must not replace the primary's WAL. The same file again (PostgreSQL retries
  # after a crash between the copy and its bookkeeping) counts as done. The copy is written under
  # a temporary name, flushed, renamed, and the directory flushed, so a crash leaves either no
  # segment or a whole one.
  cmd="if [ -f '$archive/%f' ]; then cmp -s '%p' '$archive/%f'; else cp '%p' '$archive/%f.tmp' && sync '$archive/%f.tmp' && mv '$archive/%f.tmp' '$archive/%f' && sync '$archive'; fi"
  q "alter system set wal_level = 'replica'" >/dev/null
  q "alter system set archive_mode = 'on'" >/dev/null
  q "alter system set archive_command = \$niangjia\$${cmd}\$niangjia\$" >/dev/null
  q "alter system set archive_timeout = '${archive_timeout}s'" >/dev/null
  q 'select pg_reload_conf()' >/dev/null
  echo "已设置（ALTER SYSTEM，写入 postgresql.auto.conf）："
  echo "  archive_mode = on, wal_level = replica, archive_timeout = ${archive_timeout}s"
  echo "  archive_command = $cmd"
  sleep 1
  if [ "$(q "select count(*) from pg_settings where pending_restart")" -gt 0 ]; then
    if [ "$restart" -eq 1 ] && [ -n "$pgdata" ]; then
      as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w restart >/dev/null || die "pg_ctl restart 失败（数据目录 $pgdata）"
      echo "已重启 $pgdata 的集群，archive_mode 生效。"
    else
      echo "archive_mode 需要重启 PostgreSQL 才生效：例如 systemctl restart postgresql@15-main，然后再运行本命令做基础备份。"
      exit 0
    fi
  fi
  exit 0
fi

[ -n "$backup_root" ] || die "请用 --backup-dir 或 PG_BACKUP_DIR 指定基础备份的存放目录"
case "$backup_root" in /*) ;; *) backup_root="$(pwd)/$backup_root" ;; esac

# 1. Archiving must be on and working, or a base backup is no use for a point in time.
mode=$(q 'show archive_mode')
[ "$mode" = on ] || [ "$mode" = always ] || die "主库未开启 WAL 归档（archive_mode = $mode）：先运行 deploy/pg-backup.sh --configure --archive $archive，并重启 PostgreSQL"
acmd=$(q 'show archive_command')
[ -n "$acmd" ] && [ "$acmd" != "(disabled)" ] || die "主库的 archive_command 为空：先运行 deploy/pg-backup.sh --configure --archive $archive"
case "$acmd" in *"$archive"*) ;; *) echo "注意：archive_command 里没有出现 $archive（$acmd），请确认它写往的就是这个归档目录。" ;; esac
seg=$(q 'select pg_walfile_name(pg_switch_wal())')
wait_archived() { # waits until segment $1 is archived, up to 60 s
  local last failed
  for _ in $(seq 120); do
    last=$(q 'select coalesce(last_archived_wal, $$$$) from pg_stat_archiver')
    [[ "$last" > "$1" || "$last" == "$1" ]] && return 0
    sleep 0.5
  done
  failed=$(q 'select coalesce(last_failed_wal, $$无$$) || $$ 于 $$ || coalesce(last_failed_time::text, $$-$$) from pg_stat_archiver')
  die "WAL 段 $1 在 60 秒内没有归档成功（最近一次失败：$failed）：检查 archive_command 与归档目录 $archive 的权限和空间，详见 PostgreSQL 日志"
}
wait_archived "$seg"
if [ -d "$archive" ] && ! as_pg test -f "$archive/$seg"; then
  die "主库报告 $seg 已归档，但 $archive 中没有这个文件：archive_command 写往的不是这个目录"
fi
echo "WAL 归档正常：$seg 已在归档目录 $archive 中。"
data_directory=$(q 'show data_directory' 2>/dev/null || true)
if [ -n "$data_directory" ] && [ -d "$data_directory" ] && [ -d "$archive" ] && [ "$(stat -c %d "$data_directory")" = "$(stat -c %d "$archive")" ]; then
  echo "警告：归档目录与数据目录在同一个文件系统上：这块磁盘坏了，两者一起丢失。请把归档放到另一块磁盘或另一台机器。"
fi

# 2. The base backup: tar, compressed, with a SHA-256 manifest and the WAL that makes it consistent.
stamp=$(date +%Y%m%d-%H%M%S)
dir="$backup_root/niangjia-pgbase-$stamp"
[ -e "$dir" ] && die "备份目录 $dir 已存在"
mkdir -p "$backup_root"
mkdir -m 700 "$dir"
[ ${#runas[@]} -gt 0 ] && chown "${runas[2]}": "$dir"
case "$compress" in
  gzip | lz4 | zstd) zopt=(--compress="client-$compress") ;;
  none) zopt=() ;;
  *) die "--compress 只能是 gzip、lz4、zstd 或 none" ;;
esac
started=$(date +%s%N)
as_pg "$pgbin/pg_basebackup" "${connargs[@]}" -D "$dir" -F tar "${zopt[@]}" -X stream -c fast \
  --manifest-checksums=SHA256 -l "niangjia $stamp" ||
  die "pg_basebackup 失败：连接的角色需要 REPLICATION 权限，pg_hba.conf 需要允许它的 replication 连接（见上面的报错）"
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))

# 3. Verify it. pg_verifybackup of PostgreSQL 15–17 reads plain directories only: unpack the copy
# beside it, check every file's checksum and that the WAL it needs is there and parses, remove it.
if [ "$verify" -eq 1 ]; then
  check=$(mktemp -d "$dir/.verify.XXXXXX")
  [ ${#runas[@]} -gt 0 ] && chown "${runas[2]}": "$check"
  as_pg bash -c '
    set -e
    cd "$2"
    untar() { case "$1" in *.gz) tar -xzf "$1" -C "$3" ;; *.lz4) lz4 -dc "$1" | tar -xf - -C "$3" ;; *.zst) tar --zstd -xf "$1" -C "$3" ;; *) tar -xf "$1" -C "$3" ;; esac; }
    for f in "$1"/base.tar*; do untar "$f" x "$2"; done
    mkdir -p pg_wal
    for f in "$1"/pg_wal.tar*; do untar "$f" x "$2/pg_wal"; done
  ' _ "$dir" "$check" || die "无法解开基础备份以校验（$dir）"
  if ! as_pg "$pgbin/pg_verifybackup" -q -m "$dir/backup_manifest" "$check"; then
    rm -rf "$check"
    die "pg_verifybackup 校验基础备份失败：$dir 不可用，请重新备份"
  fi
  rm -rf "$check"
  echo "pg_verifybackup：备份中每个文件的校验和相符，所需的 WAL 齐全。"
fi

# 4. A named restore point, and the row count of every table at exactly that point, so a restore
# to it (pg-restore.sh --at-backup) can be compared table by table. One session holds SHARE locks
# on the app's tables (writers wait a few milliseconds) while it writes the restore point and a
# second session takes its snapshot; the second then counts in that snapshot after the locks are
# gone, however long a province's tables take.
rp="niangjia-pgbase-$stamp"
sync=$(mktemp -d)
[ ${#runas[@]} -gt 0 ] && chown "${runas[2]}": "$sync"
counts_ok=0
for _ in 1 2 3; do
  rm -f "$sync"/*
  "${runas[@]}" "$pgbin/psql" -X -A -t -q -v ON_ERROR_STOP=1 "${connargs[@]}" >"$sync/lsn" 2>"$sync/lock.err" <<SQL &
set lock_timeout = '5s';
begin;
do \$\$ declare tables text; begin
  select string_agg(format('%I.%I', schemaname, tablename), ', ') into tables from pg_tables where schemaname = 'public';
  if tables is not null then execute 'lock table ' || tables || ' in share mode'; end if;
end \$\$;
select pg_create_restore_point('$rp');
\! touch $sync/locked
\! for i in \$(seq 300); do [ -f $sync/snapshot ] && exit 0; sleep 0.1; done
commit;
SQL
  locker=$!
  while kill -0 "$locker" 2>/dev/null && [ ! -f "$sync/locked" ]; do sleep 0.05; done
  if [ -f "$sync/locked" ]; then
    "${runas[@]}" "$pgbin/psql" -X -A -t -q -F $'\t' -v ON_ERROR_STOP=1 "${connargs[@]}" >"$sync/counts" 2>"$sync/count.err" <<SQL && counts_ok=1
begin isolation level repeatable read read only;
select 1 \g /dev/null
\! touch $sync/snapshot
select tablename, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', schemaname, tablename), false, true, '')))[1]::text
  from pg_tables where schemaname = 'public' order by tablename;
commit;
SQL
    touch "$sync/snapshot" 2>/dev/null || true
  fi
  wait "$locker" && [ "$counts_ok" -eq 1 ] && break
  counts_ok=0
  sleep 2
done
if [ "$counts_ok" -eq 1 ]; then
  cp "$sync/counts" "$dir/counts.tsv"
  rp_lsn=$(tr -d '[:space:]' <"$sync/lsn")
else
  # No lock within 5 s three times (a long writer): still a restore point, without counts.
  echo "注意：3 次都没能在 5 秒内短暂锁住各表（有长时间的写事务），本次备份没有逐表行数（counts.tsv）。$(cat "$sync"/*.err 2>/dev/null | head -n 3)"
  rp_lsn=$(q "select pg_create_restore_point('$rp')")
fi
rm -rf "$sync"
seg=$(q 'select pg_walfile_name(pg_switch_wal())')
wait_archived "$seg"

cat >"$dir/niangjia-backup.txt" <<EOF
format=niangjia-pgbase-1
created_at=$(q "select to_char(now(), 'YYYY-MM-DD HH24:MI:SSOF')")
restore_point=$rp
restore_point_lsn=$rp_lsn
database=$(q 'select current_database()')
superuser=$(q 'select rolname from pg_roles where oid = 10')
server_version=$(q 'show server_version')
system_identifier=$(q 'select system_identifier from pg_control_system()')
archive=$archive
EOF
[ ${#runas[@]} -gt 0 ] && chown "${runas[2]}": "$dir"/niangjia-backup.txt "$dir"/counts.tsv 2>/dev/null
chmod 600 "$dir"/niangjia-backup.txt
[ -f "$dir/counts.tsv" ] && chmod 600 "$dir/counts.tsv"

size=$(du -sh "$dir" | cut -f1)
tables=$( [ -f "$dir/counts.tsv" ] && wc -l <"$dir/counts.tsv" || echo 0)
echo "基础备份完成：$dir（$size，pg_basebackup 用时 $((took_ms / 1000)).$(printf %03d $((took_ms % 1000)) | cut -c1) 秒）"
echo "  还原点 $rp（$rp_lsn）；$tables 张表的行数记在 counts.tsv；此后的改动都在归档 $archive 中。"
echo "  恢复到任一时刻：deploy/pg-restore.sh $dir --archive $archive --into <新数据目录> [--target-time 'YYYY-MM-DD HH:MM:SS+08']"
echo "提醒：数据密钥（NIANGJIA_DATA_KEY 或 keys/data.key）和审计密钥（NIANGJIA_AUDIT_KEY 或 keys/audit.key）不在这份备份里。"
echo "  没有数据密钥，恢复出的身份证号和手机号无法读取；没有审计密钥，审计日志无法校验。"
echo "  两把密钥须各自另行备份，与数据库备份、WAL 归档分开保管（见 README「Deploying on PostgreSQL」第 3、6 步）。"

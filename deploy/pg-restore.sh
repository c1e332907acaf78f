#!/usr/bin/env bash
# Point-in-time restore of a base backup (deploy/pg-backup.sh) and the WAL archive into a NEW
# cluster, then checks it (README, Deploying on PostgreSQL, step 6):
#
#   deploy/pg-restore.sh <base-backup-folder> --archive DIR --into NEW_DATA_DIR
#       [--target-time 'YYYY-MM-DD HH:MM:SS+08' | --at-backup] [--port N] [--stop]
#       [--audit-key-file FILE] [--anchors FILE]
#
# Without a target the archive is replayed to its end. --at-backup stops at the restore point the
# backup wrote, where every table's row count is compared with the counts taken at that point.
# The copy is recovered and checked on a private socket only (trust there, nobody else can reach
# it); once checked it is started on --port with the primary's own settings, or stopped (--stop).
# It never archives: a copy that wrote into the primary's archive would put a second history
# there that a later restore could follow.
#
# Checks: every table's row count printed (and compared at the backup point), and the audit log's
# chain through the app's own `npm run audit:verify` under the audit key (NIANGJIA_AUDIT_KEY, or
# --audit-key-file / NIANGJIA_AUDIT_KEY_FILE), which the backup does not hold. Exit code 1 on any
# failure, with what failed; the copy is then stopped and left in place to look at.
#
# As root the server runs as PG_OS_USER (default postgres); as another user, as that user.
set -euo pipefail

usage() {
  cat <<'EOF'
用法：deploy/pg-restore.sh <基础备份目录> --archive <WAL 归档目录> --into <新数据目录>
        [--target-time 'YYYY-MM-DD HH:MM:SS+08' | --at-backup] [--port 端口] [--stop]
        [--audit-key-file 审计密钥文件] [--anchors 锚点文件]
  --target-time  恢复到这一时刻（含）为止；不给则重放归档中全部 WAL（恢复到最新）
  --at-backup    恢复到备份时的还原点，并逐表核对备份时记下的行数
  --port         核对通过后在这个端口启动恢复出的集群（默认 5433）；--stop 则核对后停止
  审计密钥：NIANGJIA_AUDIT_KEY，或 --audit-key-file / NIANGJIA_AUDIT_KEY_FILE（权限须为 600）
EOF
}

fail() { echo "pg-restore 失败：$*" >&2; exit 1; }

backup="" archive="" into="" target_time="" at_backup=0 port=5433 stop_after=0 anchors=()
timeout=${PG_RESTORE_TIMEOUT:-3600}
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive=${2:?}; shift 2 ;;
    --into) into=${2:?}; shift 2 ;;
    --target-time) target_time=${2:?}; shift 2 ;;
    --at-backup) at_backup=1; shift ;;
    --port) port=${2:?}; shift 2 ;;
    --stop) stop_after=1; shift ;;
    --audit-key-file) export NIANGJIA_AUDIT_KEY_FILE=${2:?}; shift 2 ;;
    --anchors) anchors+=(--anchors "$(realpath "${2:?}")"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; fail "不认识的参数：$1" ;;
    *) [ -z "$backup" ] || fail "多余的参数：$1"; backup=$1; shift ;;
  esac
done
[ -n "$backup" ] && [ -n "$archive" ] && [ -n "$into" ] || { usage >&2; fail "须给出基础备份目录、--archive 和 --into"; }
[ -n "$target_time" ] && [ "$at_backup" -eq 1 ] && fail "--target-time 与 --at-backup 只能选一个"
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] && [ "$port" -lt 65536 ] || fail "--port 须是端口号，当前为「$port」"
if [ -n "$target_time" ] && ! [[ "$target_time" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[\ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\ ?([+-][0-9]{2}(:?[0-9]{2})?|Z|UTC)$ ]]; then
  fail "--target-time 须带时区，如 '2026-12-04 14:05:00+08'，当前为「$target_time」"
fi

backup=$(realpath "$backup")
archive=$(realpath "$archive" 2>/dev/null) || fail "找不到 WAL 归档目录（--archive）"
[ -d "$archive" ] || fail "WAL 归档目录 $archive 不存在（--archive）"
case "$archive" in *"'"* | *'"'* | *'%'*) fail "归档目录 $archive 中不能有引号或 %（它要写进 restore_command）" ;; esac
[ -f "$backup/backup_manifest" ] || fail "$backup 不是 pg-backup.sh 的基础备份：没有 backup_manifest"
base_tar=$(ls "$backup"/base.tar* 2>/dev/null | head -n 1)
[ -n "$base_tar" ] || fail "$backup 中没有 base.tar*（须是 tar 格式的基础备份）"
for f in "$backup"/*.tar*; do
  case "$(basename "$f")" in base.tar* | pg_wal.tar*) ;; *) fail "备份含表空间 $(basename "$f")：本脚本只恢复默认表空间的集群" ;; esac
done
info() { sed -n "s/^$1=//p" "$backup/niangjia-backup.txt" 2>/dev/null | head -n 1; }
dbname=$(info database)
superuser=$(info superuser)
[ -n "$dbname" ] && [ -n "$superuser" ] || fail "$backup/niangjia-backup.txt 缺少 database 或 superuser（不是 pg-backup.sh 写的备份？）"
restore_point=$(info restore_point)
[ "$at_backup" -eq 0 ] || [ -n "$restore_point" ] || fail "备份中没有记录还原点，不能用 --at-backup"

# The audit key is needed at the end: ask for it before an hour of replay, not after.
if [ -z "${NIANGJIA_AUDIT_KEY:-}" ] && [ -z "${NIANGJIA_AUDIT_KEY_FILE:-}" ]; then
  fail "须给出审计密钥（NIANGJIA_AUDIT_KEY，或 --audit-key-file / NIANGJIA_AUDIT_KEY_FILE）：它不在备份里，没有它无法校验审计日志"
fi
[ -z "${NIANGJIA_AUDIT_KEY_FILE:-}" ] || [ -r "$NIANGJIA_AUDIT_KEY_FILE" ] || fail "读不到审计密钥文件 $NIANGJIA_AUDIT_KEY_FILE"
app_dir=${NIANGJIA_APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
[ -f "$app_dir/package.json" ] || fail "找不到应用目录（NIANGJIA_APP_DIR=$app_dir），审计日志要用其中的 npm run audit:verify 校验"

# Never over an existing cluster: the new directory must not exist, or be empty.
case "$into" in /*) ;; *) into="$(pwd)/$into" ;; esac
into=${into%/}
if [ -e "$into" ] && [ -n "$(ls -A "$into" 2>/dev/null)" ]; then
  fail "目标目录 $into 已存在且不为空：只恢复到新的数据目录，不会覆盖已有的集群"
fi
if [ "$stop_after" -eq 0 ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "端口 $port 已被占用（--port）"
fi

pgbin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$pgbin/postgres" ] || fail "找不到 PostgreSQL 服务器程序（PG_BIN=$pgbin）：apt-get install postgresql"
runas=() owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  owner=${PG_OS_USER:-postgres}
  id -u "$owner" >/dev/null 2>&1 || fail "以 root 运行时集群以用户 $owner 运行，但该用户不存在（PG_OS_USER）"
  runas=(runuser -u "$owner" --)
fi
as_pg() { "${runas[@]}" "$@"; }
as_pg test -r "$archive" -a -x "$archive" || fail "运行 PostgreSQL 的用户 $owner 读不到归档目录 $archive"

# A private directory for the socket, the check's pg_hba.conf and the log.
work=$(mktemp -d /tmp/niangjia-restore.XXXXXX)
[ ${#runas[@]} -gt 0 ] && chown "$owner": "$work"
chmod 700 "$work"
started_server=0 unpacked=0
cleanup() {
  local rc=$?
  if [ "$started_server" -eq 1 ] && [ "$rc" -ne 0 ]; then
    as_pg "$pgbin/pg_ctl" -D "$into" -m fast stop >/dev/null 2>&1 || true
    echo "已停止恢复出的集群；数据目录 $into 保留以便检查，服务器日志：$work/server.log" >&2
    return
  fi
  # Failed before the server ever ran: what was unpacked is ours alone (the directory was new or empty).
  if [ "$rc" -ne 0 ] && [ "$unpacked" -eq 1 ]; then find "$into" -mindepth 1 -delete 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
t0=$(date +%s%N)
elapsed() { local ms=$(( ($(date +%s%N) - t0) / 1000000 )); echo "$((ms / 1000)).$((ms % 1000 / 100)) 秒"; }

# 1. Unpack and verify the copy before anything of ours is added to it.
mkdir -p "$into"
unpacked=1
[ ${#runas[@]} -gt 0 ] && chown "$owner": "$into"
chmod 700 "$into"
as_pg bash -c '
  set -e
  untar() { case "$1" in *.gz) tar -xzf "$1" -C "$2" ;; *.lz4) lz4 -dc "$1" | tar -xf - -C "$2" ;; *.zst) tar --zstd -xf "$1" -C "$2" ;; *) tar -xf "$1" -C "$2" ;; esac; }
  untar "$2" "$3"
  mkdir -p "$3/pg_wal"
  for f in "$1"/pg_wal.tar*; do [ -e "$f" ] && untar "$f" "$3/pg_wal"; done
  exit 0
' _ "$backup" "$base_tar" "$into" || fail "解开基础备份失败（$backup → $into）：运行 PostgreSQL 的用户 $owner 须能读备份目录"
as_pg "$pgbin/pg_verifybackup" -q -m "$backup/backup_manifest" "$into" || fail "pg_verifybackup：基础备份 $backup 已损坏或不完整"
# A moment before the backup began cannot be reached from it: PostgreSQL would replay the whole
# archive looking for it and then only say the target was not reached.
backup_started=$(sed -n 's/^START TIME: //p' "$into/backup_label")
if [ -n "$target_time" ] && [ -n "$backup_started" ]; then
  target_epoch=$(date -d "$target_time" +%s 2>/dev/null || echo "")
  started_epoch=$(date -d "$backup_started" +%s 2>/dev/null || echo "")
  if [ -n "$target_epoch" ] && [ -n "$started_epoch" ] && [ "$target_epoch" -lt "$started_epoch" ]; then
    fail "恢复目标 $target_time 早于这份基础备份开始的时刻（$backup_started）：请用更早的基础备份"
  fi
fi
echo "已解开并校验基础备份 $backup → $into（$(elapsed)）"

# 2. Recovery settings. Debian keeps postgresql.conf and pg_hba.conf in /etc, outside the data
# directory, so the copy may have none: give it minimal ones.
if [ ! -f "$into/postgresql.conf" ]; then
  as_pg bash -c 'printf "%s\n" "# Restored by deploy/pg-restore.sh; the primary kept its settings elsewhere (/etc/postgresql)." "listen_addresses = '"'"'localhost'"'"'" >"$1/postgresql.conf"' _ "$into"
fi
if [ ! -f "$into/pg_hba.conf" ]; then
  as_pg bash -c 'printf "%s\n" "local all all peer" "host all all 127.0.0.1/32 scram-sha-256" "host all all ::1/128 scram-sha-256" >"$1/pg_hba.conf"' _ "$into"
fi
{
  echo "# deploy/pg-restore.sh $(date '+%Y-%m-%d %H:%M:%S %z'): point-in-time restore of $backup"
  echo "restore_command = 'cp \"$archive/%f\" \"%p\"'"
  if [ -n "$target_time" ]; then
    echo "recovery_target_time = '$target_time'"
  elif [ "$at_backup" -eq 1 ]; then
    echo "recovery_target_name = '$restore_point'"
  fi
  echo "recovery_target_action = 'promote'"
  echo "archive_mode = 'off'"
  echo "port = $port"
} | as_pg tee -a "$into/postgresql.auto.conf" >/dev/null
as_pg touch "$into/recovery.signal"
echo "local all all trust" | as_pg tee "$work/check_hba.conf" >/dev/null

target_desc=${target_time:-${restore_point:-归档末尾}}
[ "$at_backup" -eq 1 ] || [ -n "$target_time" ] || target_desc=归档末尾
# 3. Replay on the private socket only.
as_pg "$pgbin/pg_ctl" -D "$into" -l "$work/server.log" -W \
  -o "-c listen_addresses='' -c unix_socket_directories='$work' -c hba_file='$work/check_hba.conf' -c logging_collector=off" start >/dev/null ||
  fail "无法启动恢复出的集群（见 $work/server.log）"
started_server=1
psql_() { as_pg "$pgbin/psql" -X -A -t -q -v ON_ERROR_STOP=1 -h "$work" -p "$port" -U "$superuser" -d "$dbname" "$@"; }
explain_log() {
  local log="$work/server.log"
  tail -n 15 "$log" >&2 || true
  if grep -q 'before consistent recovery point' "$log"; then
    fail "恢复目标时间 $target_time 早于这份基础备份结束的时刻：请用更早的基础备份"
  elif grep -q 'recovery ended before configured recovery target was reached' "$log"; then
    fail "归档中的 WAL 到不了恢复目标（$target_desc）：目标晚于最后归档的 WAL，或归档缺了一段"
  fi
  fail "恢复过程中 PostgreSQL 退出了（服务器日志 $work/server.log，最后几行见上）"
}
deadline=$(( $(date +%s) + timeout ))
started_at=$(date +%s)
while :; do
  state=$(psql_ -c 'select pg_is_in_recovery()' 2>/dev/null || true)
  [ "$state" = f ] && break
  # pg_ctl start -W returns at once: on a busy machine the server may not have written its pid
  # file yet, and `status` then says "no server running". Only after 20 s, or once the log says
  # the server failed, is that an exit.
  if ! as_pg "$pgbin/pg_ctl" -D "$into" status >/dev/null 2>&1; then
    if [ $(( $(date +%s) - started_at )) -ge 20 ] || grep -qE 'FATAL|PANIC|database system is shut down' "$work/server.log" 2>/dev/null; then explain_log; fi
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail "恢复在 $timeout 秒内没有结束（PG_RESTORE_TIMEOUT），见 $work/server.log"
  sleep 0.3
done
# What the server says about where it stopped, for the operator to compare with the target.
stopped_at=$(grep -E 'recovery stopping|last completed transaction was at' "$work/server.log" | sed 's/.*LOG: *//' | paste -sd ';' || true)
echo "WAL 重放完成，已提升为可写（$(elapsed)）：${stopped_at:-已重放到归档末尾}"

# 4. Checks: the rows of every table, and the audit chain.
failed=()
counts=$(psql_ -F $'\t' -c "select tablename, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', schemaname, tablename), false, true, '')))[1]::text from pg_tables where schemaname = 'public' order by tablename") ||
  fail "无法在恢复出的集群上统计各表行数（数据库 $dbname）"
echo "$counts" | as_pg tee "$work/counts.tsv" >/dev/null
tables=$(grep -c . <<<"$counts" || true)
rows=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' <<<"$counts")
echo "各表行数（数据库 $dbname，$tables 张表共 $rows 行）："
awk -F'\t' '{ printf "  %-44s %10d\n", $1, $2 }' <<<"$counts"
if [ "$at_backup" -eq 1 ]; then
  if [ -f "$backup/counts.tsv" ]; then
    differ=$(join -t $'\t' -a1 -a2 -e '无此表' -o 0,1.2,2.2 <(sort "$backup/counts.tsv") <(sort <<<"$counts") | awk -F'\t' '$2 != $3')
    if [ -n "$differ" ]; then
      echo "与备份时的行数不符（表、备份时、恢复后）：" >&2
      sed 's/^/  /' <<<"$differ" >&2
      failed+=("$(grep -c . <<<"$differ") 张表的行数与备份时不符")
    else
      echo "行数核对一致：与备份时记下的 $(grep -c . "$backup/counts.tsv") 张表的行数相同。"
    fi
  else
    echo "备份中没有 counts.tsv（备份时没能锁住各表），跳过逐表核对。"
  fi
fi

[[ "$superuser$dbname" =~ ^[A-Za-z0-9_.-]+$ ]] || fail "超级用户名或数据库名含特殊字符（$superuser、$dbname），无法拼成 audit:verify 的 DATABASE_URL"
url="postgres://$superuser@localhost:$port/$dbname?host=$work"
echo "校验审计日志（npm run audit:verify）："
if (cd "$app_dir" && DATABASE_URL="$url" npm run -s audit:verify -- "${anchors[@]}"); then
  :
else
  failed+=("审计日志校验未通过")
fi

if [ ${#failed[@]} -gt 0 ]; then
  fail "$(IFS='；'; echo "${failed[*]}")。恢复出的集群不可直接使用"
fi

# 5. Checked: start it as a server of its own on --port, or stop it.
as_pg "$pgbin/pg_ctl" -D "$into" -m fast -w stop >/dev/null
started_server=0
if [ "$stop_after" -eq 1 ]; then
  echo "恢复并核对完成（共 $(elapsed)）：集群已停止，数据目录 $into。"
else
  as_pg mkdir -p "$into/log"
  as_pg "$pgbin/pg_ctl" -D "$into" -l "$into/log/restored.log" -w start >/dev/null || fail "核对后在端口 $port 启动失败（见 $into/log/restored.log）"
  echo "恢复并核对完成（共 $(elapsed)）：集群在端口 $port 运行（数据目录 $into，按主库的 postgresql.conf 与 pg_hba.conf）。"
  echo "  停止：${runas[*]:+${runas[*]} }$pgbin/pg_ctl -D $into stop"
fi
echo "恢复出的集群没有开启 WAL 归档。若要让它接替主库：开启归档（deploy/pg-backup.sh --configure），并立即做一次新的基础备份。"
echo "应用服务器须使用原来的数据密钥和审计密钥（README「Deploying on PostgreSQL」第 3 步）。"

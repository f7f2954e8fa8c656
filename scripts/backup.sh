# Backups, verified restores and point-in-time restore; sourced by ./crm (which defines ROOT, DATA,
# PGBIN, the LOCAL_* paths, use_database, as_pg, local_psql_super, owner_psql, log and die).
# README.md, "Backups", says what each verb does and what the manifest holds.

PGBACKREST_DIR_NAME="pgbackrest"
STANZA="crm"

# --- WAL archiving of the local cluster (pgBackRest) -------------------------------------------

pgbackrest_conf() { printf '%s/%s/pgbackrest.conf' "$DATA" "$PGBACKREST_DIR_NAME"; }

pgbackrest_local() { as_pg pgbackrest --config="$(pgbackrest_conf)" --stanza="$STANZA" "$@"; }

# Writes the repository's configuration and the cluster's archiving settings (an include file, so
# clusters made before archiving existed get it too). Rewritten on every start: a moved checkout
# gets its new paths. Returns 0 when the settings changed.
write_archiving_settings() {
  local dir="$DATA/$PGBACKREST_DIR_NAME" conf
  conf="$(pgbackrest_conf)"
  case "$dir" in *"'"* | *" "*) die "the checkout's path holds a quote or a space, which archive_command cannot carry: $dir" ;; esac
  mkdir -p "$dir/repo" "$dir/log" "$dir/lock"
  cat >"$conf" <<EOF
[global]
repo1-path=$dir/repo
repo1-retention-full=2
log-path=$dir/log
lock-path=$dir/lock
log-level-console=error
log-level-file=info
compress-type=lz4
start-fast=y

[$STANZA]
pg1-path=$LOCAL_PGDATA
pg1-port=$LOCAL_PORT
pg1-socket-path=$LOCAL_SOCKET_DIR
pg1-user=postgres
EOF
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  grep -qx "include_if_exists = 'crm_archiving.conf'" "$LOCAL_PGDATA/postgresql.conf" ||
    echo "include_if_exists = 'crm_archiving.conf'" >>"$LOCAL_PGDATA/postgresql.conf"
  local settings="$LOCAL_PGDATA/crm_archiving.conf" wanted
  wanted="# Written by ./crm: every WAL segment goes to the pgBackRest repository in .data/pgbackrest
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$conf --stanza=$STANZA archive-push %p'"
  [ -f "$settings" ] && [ "$(cat "$settings")" = "$wanted" ] && return 1
  printf '%s\n' "$wanted" >"$settings"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$settings"; fi
  return 0
}

# A new cluster cannot archive into a repository made for another one (its system id differs).
set_aside_old_repository() {
  local repo="$DATA/$PGBACKREST_DIR_NAME/repo"
  if [ -d "$repo" ] && [ -n "$(ls -A "$repo")" ]; then
    local aside="$repo-of-an-earlier-cluster-$(date +%Y%m%d-%H%M%S)"
    mv "$repo" "$aside"
    log "Kept the earlier cluster's pgBackRest repository in ${aside#"$DATA"/}"
  fi
}

# Called by start_local_cluster once the cluster runs, with 1 when write_archiving_settings changed
# them: turns archiving on (restarting a cluster made before it, as archive_mode needs a restart, or
# reloading a changed archive_command) and creates the stanza once.
ensure_archiving() {
  if [ "$(local_psql_super -c 'SHOW archive_mode')" != on ]; then
    log "Turning on WAL archiving (pgBackRest): restarting PostgreSQL"
    as_pg "$PGBIN/pg_ctl" -D "$LOCAL_PGDATA" -l "$LOCAL_PGDATA/server.log" -m fast -w -t 60 restart >/dev/null ||
      die "PostgreSQL did not restart; see $LOCAL_PGDATA/server.log"
  elif [ "$1" = 1 ]; then
    local_psql_super -c 'SELECT pg_reload_conf()' >/dev/null
  fi
  if [ ! -f "$DATA/$PGBACKREST_DIR_NAME/repo/backup/$STANZA/backup.info" ]; then
    log "Creating the pgBackRest stanza '$STANZA' in ${DATA##*/}/$PGBACKREST_DIR_NAME"
    pgbackrest_local stanza-create >/dev/null || die "pgbackrest stanza-create failed; see $DATA/$PGBACKREST_DIR_NAME/log"
  fi
}

# --- maintenance_runs ----------------------------------------------------------------------------

# Prints the id of a new run of KIND in DATABASE.
# (psql expands :'variables' in what it reads, never in -c.)
start_run() { owner_psql -d "$2" -v kind="$1" <<<"INSERT INTO maintenance_runs (kind) VALUES (:'kind') RETURNING id"; }

finish_run() { # DATABASE ID true|false DETAIL; nothing without an ID (a backup not recorded)
  [ -n "$2" ] || return 0
  owner_psql -d "$1" -v id="$2" -v ok="$3" -v detail="$4" >/dev/null \
    <<<"UPDATE maintenance_runs SET finished_at = now(), succeeded = :'ok', detail = :'detail' WHERE id = :'id'"
}

record_run() { # DATABASE KIND STARTED_AT true|false DETAIL: a run recorded when it is over
  owner_psql -d "$1" -v kind="$2" -v started="$3" -v ok="$4" -v detail="$5" >/dev/null \
    <<<"INSERT INTO maintenance_runs (kind, started_at, finished_at, succeeded, detail) VALUES (:'kind', :'started', now(), :'ok', :'detail')"
}

require_migrated() {
  [ "$(owner_psql -c "SELECT to_regclass('maintenance_runs') IS NOT NULL")" = t ] ||
    die "database $PGDATABASE has no maintenance_runs table: run ./crm db migrate first"
}

# --- the manifest ----------------------------------------------------------------------------------

# Settings that fix how a row prints as text, so a checksum means the same in any session.
MANIFEST_SETTINGS="SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
SET extra_float_digits = 3; SET bytea_output = 'hex';"

# One JSON line per user table: its row count and a checksum of its content, the sum of each row's
# md5 (as two 64-bit numbers), so it streams over any table size and does not depend on row order.
# The owner reads every tenant's rows through its owner_reads_all policy. A last line, "(schema)",
# fingerprints what a restore must bring back besides rows: owners, grants, row-level security and
# policies, triggers.
MANIFEST_QUERIES=$(cat <<'SQL'
SELECT format($q$SELECT json_build_object('table', %L, 'rows', count(*), 'checksum',
         coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0) || ':' ||
         coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0))
       FROM (SELECT md5(t::text) AS h FROM %s t) rows$q$, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END, c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1 \gexec
SELECT json_build_object('table', '(schema)', 'rows', count(*), 'checksum', md5(string_agg(fact, E'\n' ORDER BY fact)))
FROM (
  -- An explicit ACL equal to the default one is dumped as nothing and restored as NULL: same rights.
  SELECT format('relation %s %s owner %s acl %s rls %s/%s', c.oid::regclass, c.relkind, c.relowner::regrole,
                coalesce(c.relacl, acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner)),
                c.relrowsecurity, c.relforcerowsecurity)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  UNION ALL
  SELECT format('policy %s on %s %s to %s using %s check %s', p.polname, p.polrelid::regclass, p.polcmd,
                p.polroles::regrole[], pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
  FROM pg_policy p
  UNION ALL
  SELECT format('trigger %s', pg_get_triggerdef(t.oid)) FROM pg_trigger t WHERE NOT t.tgisinternal
) facts(fact);
SQL
)

# The manifest lines of DATABASE as it is now (verify and restore read a restored copy).
manifest_lines() { printf '%s\n%s\n' "$MANIFEST_SETTINGS" "$MANIFEST_QUERIES" | owner_psql -d "$1"; }

# Writes the manifest file: a few facts, then one table per line (compare_manifest reads the lines).
write_manifest() { # FILE DUMP LINES_FILE
  {
    printf '{\n  "format": 1,\n  "database": "%s",\n  "dump": "%s",\n  "dump_bytes": %s,\n  "taken_at": "%s",\n  "tables": [\n' \
      "$PGDATABASE" "$(basename "$2")" "$(stat -c %s "$2")" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    sed -e 's/^/    /' -e '$!s/$/,/' "$3"
    printf '  ]\n}\n'
  } >"$1"
}

# Table, rows and checksum of each manifest line, tab-separated, sorted by table.
manifest_table_rows() {
  sed -n 's/.*{"table" *: *"\([^"]*\)", *"rows" *: *\([0-9]*\), *"checksum" *: *"\([^"]*\)"}.*/\1\t\2\t\3/p' "$1" | sort
}

# Prints one line per table that differs between the manifest EXPECTED and the manifest lines
# ACTUAL; returns 1 when any does.
compare_manifest() { # EXPECTED ACTUAL
  local expected actual
  expected="$(mktemp)"
  actual="$(mktemp)"
  manifest_table_rows "$1" >"$expected"
  manifest_table_rows "$2" >"$actual"
  [ -s "$expected" ] || { rm -f "$expected" "$actual"; echo "the manifest $1 lists no tables"; return 1; }
  local status=0
  awk -F'\t' '
    NR == FNR { rows[$1] = $2; sum[$1] = $3; next }
    !($1 in rows) { print "  " $1 ": in the restored copy but not in the backup"; bad = 1; next }
    rows[$1] != $2 { print "  " $1 ": " rows[$1] " rows in the backup, " $2 " restored"; bad = 1 }
    rows[$1] == $2 && sum[$1] != $3 { print "  " $1 ": same row count (" $2 "), different content" ; bad = 1 }
    { seen[$1] = 1 }
    END { for (t in rows) if (!(t in seen)) { print "  " t ": in the backup but not in the restored copy"; bad = 1 }
          exit bad }' "$expected" "$actual" || status=1
  rm -f "$expected" "$actual"
  return "$status"
}

human_size() { numfmt --to=iec --suffix=B "$1"; }

# --- backup -----------------------------------------------------------------------------------------

# Run by psql's \! inside the snapshot transaction, in a child shell that sees only exported
# variables. The run row is written after the snapshot was taken, so the dump never holds its own run.
# A database migrated before maintenance_runs existed is dumped without a record (CRM_RECORD_RUN=0).
BACKUP_DUMP_STEP=$(cat <<'SH'
{ [ "$CRM_RECORD_RUN" = 0 ] ||
  "$PGBIN/psql" -qAtX -v ON_ERROR_STOP=1 -c "INSERT INTO maintenance_runs (kind) VALUES ('backup') RETURNING id" \
    >"$CRM_BACKUP_WORK/run_id"; } &&
  "$PGBIN/pg_dump" -Fc --enable-row-security --snapshot="$CRM_SNAPSHOT" -f "$CRM_BACKUP_FILE" 2>"$CRM_BACKUP_WORK/pg_dump.err"
echo $? >"$CRM_BACKUP_WORK/status"
SH
)

cmd_db_backup() {
  use_database
  require_migrated
  take_backup "${1:-$DATA/backups/crm-$(date +%Y%m%d-%H%M%S).dump}" 1 ""
}

# Called by migrate_database (./crm) on a database with tables, before any migration changes it: the
# same dump and manifest as `db backup`, and no pgBackRest backup (the WAL archive goes on anyway).
backup_before_migrating() {
  local record=1
  [ "$(owner_psql -c "SELECT to_regclass('maintenance_runs') IS NOT NULL")" = t ] || record=0
  MIGRATE_BACKUP="$DATA/backups/crm-before-migrate-$(date +%Y%m%d-%H%M%S).dump"
  take_backup "$MIGRATE_BACKUP" "$record" "before migrating; " no-pitr
}

# After a migration: each table of the backup's manifest (FILE) counted again, and what changed said.
# Information, not a verdict: a migration may mean to change rows; a table it did not mean to touch must
# not. Left out: maintenance_runs (the backup added its own row after its snapshot) and the migration history.
compare_row_counts() { # FILE
  local expected changes="" table rows relation now
  expected="$(mktemp)"
  manifest_table_rows "$1.manifest.json" >"$expected"
  while IFS=$'\t' read -r table rows _; do
    case "$table" in "(schema)" | maintenance_runs | __EFMigrationsHistory) continue ;; esac
    relation="$(owner_psql -v t="$table" <<<"SELECT coalesce(to_regclass(:'t')::text, '')")"
    if [ -z "$relation" ]; then
      # A Down that drops the table its migration made: an empty one lost nothing.
      [ "$rows" = 0 ] || changes+="  $table: $rows rows before migrating, the table is gone now"$'\n'
    elif now="$(owner_psql -c "SELECT count(*) FROM $relation")" && [ "$now" != "$rows" ]; then
      changes+="  $table: $rows rows before migrating, $now now"$'\n'
    fi
  done <"$expected"
  rm -f "$expected"
  if [ -z "$changes" ]; then
    echo "Row counts: every table of the backup has the rows it had before migrating"
  else
    printf 'Row counts that changed (the backup %s has the rows as they were):\n%s' "$(basename "$1")" "$changes"
  fi
}

# FILE, whether to record the run in maintenance_runs (1 or 0), a prefix for the run's detail, and
# no-pitr to skip the pgBackRest backup of the local cluster.
take_backup() {
  local file="$1" record="$2" purpose="$3" pitr="${4:-}"
  mkdir -p "$(dirname "$file")"
  file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
  [ ! -e "$file" ] || die "$file exists already"
  local work
  work="$(mktemp -d)"
  log "Backing up database $PGDATABASE to $file"
  # One REPEATABLE READ transaction exports its snapshot, pg_dump (started from inside it) reads the
  # same snapshot, and the manifest is computed in it while it stays open: the dump and its manifest
  # describe the same instant.
  export CRM_BACKUP_FILE="$file" CRM_BACKUP_WORK="$work" CRM_DUMP_STEP="$BACKUP_DUMP_STEP" CRM_RECORD_RUN="$record" PGBIN
  if ! printf '%s\n' "$MANIFEST_SETTINGS" \
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;" \
    "SELECT pg_export_snapshot() AS snapshot \\gset" \
    "\\setenv CRM_SNAPSHOT :snapshot" \
    "\\! bash -c \"\$CRM_DUMP_STEP\"" \
    "$MANIFEST_QUERIES" \
    "COMMIT;" | owner_psql >"$work/lines" 2>"$work/psql.err"; then
    [ -s "$work/run_id" ] && finish_run "$PGDATABASE" "$(cat "$work/run_id")" false "$(basename "$file"): the manifest query failed"
    cat "$work/psql.err" >&2
    rm -rf "$work" "$file"
    die "the backup failed"
  fi
  local run_id status
  run_id="$(cat "$work/run_id" 2>/dev/null || true)"
  status="$(cat "$work/status" 2>/dev/null || echo 1)"
  [ -n "$run_id" ] || [ "$record" = 0 ] || { rm -rf "$work" "$file"; die "could not record the backup in maintenance_runs"; }
  if [ "$status" != 0 ]; then
    finish_run "$PGDATABASE" "$run_id" false "$(basename "$file"): pg_dump failed: $(head -c 500 "$work/pg_dump.err")"
    cat "$work/pg_dump.err" >&2
    rm -rf "$work" "$file"
    die "pg_dump failed"
  fi
  write_manifest "$file.manifest.json" "$file" "$work/lines"
  local tables size detail
  tables="$(grep -vc '"(schema)"' "$work/lines")"
  size="$(human_size "$(stat -c %s "$file")")"
  rm -rf "$work"
  detail="$purpose$(basename "$file"), $size, $tables tables"
  if [ -z "${ConnectionStrings__Crm:-}" ] && [ "$pitr" != no-pitr ]; then
    log "Taking a pgBackRest backup of the cluster (for point-in-time restore)"
    if ! pgbackrest_local --type=incr backup; then
      finish_run "$PGDATABASE" "$run_id" false "$detail; the pgBackRest backup failed (see .data/pgbackrest/log)"
      die "the pgBackRest backup failed; the dump $file is complete"
    fi
    detail+="; pgBackRest backup $(pgbackrest_local --output=json info | grep -o '"label":"[^"]*"' | tail -1 | cut -d'"' -f4)"
  fi
  finish_run "$PGDATABASE" "$run_id" true "$detail"
  echo "Backup: $file ($size, $tables tables); manifest: $file.manifest.json"
}

# --- restoring a dump ---------------------------------------------------------------------------

# CREATE, DROP and RENAME DATABASE and ending other sessions: the local superuser, or on a server
# we don't manage the owner itself (which then needs CREATEDB, and pg_signal_backend to end the
# app's sessions).
admin_psql() {
  if [ -n "${ConnectionStrings__Crm:-}" ]; then owner_psql -d postgres "$@"; else local_psql_super "$@"; fi
}

check_backup_file() {
  [ -f "$1" ] || die "no such backup file: $1"
  [ -f "$1.manifest.json" ] || die "the backup $1 has no manifest next to it ($1.manifest.json)"
}

# Restores FILE into the new database NAME and compares it with FILE's manifest. Prints what
# differs; returns 1 when the restore failed or anything differs.
restore_and_compare() { # FILE NAME
  admin_psql -v db="$2" -v owner="$PGUSER" <<<'CREATE DATABASE :"db" OWNER :"owner"' ||
    { echo "could not create the database $2 (the owner needs CREATEDB on a server we don't manage)"; return 1; }
  # pg_stat_statements (statement statistics, no data) only a superuser may create: on the local cluster
  # ./crm creates it as start_local_cluster does, elsewhere it is the server's business; the owner restores the rest.
  if [ -z "${ConnectionStrings__Crm:-}" ]; then
    local_psql_super -d "$2" -c 'CREATE EXTENSION pg_stat_statements' ||
      { echo "could not create pg_stat_statements in $2"; return 1; }
  fi
  local err toc
  err="$(mktemp)"
  toc="$(mktemp)"
  "$PGBIN/pg_restore" -l "$1" | grep -vE '^[0-9]+; [0-9]+ [0-9]+ (EXTENSION - |COMMENT - EXTENSION )pg_stat_statements( |$)' >"$toc" ||
    { echo "pg_restore cannot read $1"; rm -f "$err" "$toc"; return 1; }
  if ! "$PGBIN/pg_restore" --exit-on-error --single-transaction -L "$toc" -d "$2" "$1" 2>"$err"; then
    echo "pg_restore failed: $(head -c 1000 "$err")"
    rm -f "$err" "$toc"
    return 1
  fi
  rm -f "$err" "$toc"
  local lines
  lines="$(mktemp)"
  manifest_lines "$2" >"$lines" || { rm -f "$lines"; echo "the manifest query failed on the restored copy"; return 1; }
  local status=0
  compare_manifest "$1.manifest.json" "$lines" || status=1
  rm -f "$lines"
  return "$status"
}

drop_database() { admin_psql -v db="$1" <<<'DROP DATABASE IF EXISTS :"db" WITH (FORCE)'; }

cmd_db_verify_backup() {
  local file="${1:-}"
  [ -n "$file" ] || die "usage: ./crm db verify-backup FILE"
  check_backup_file "$file"
  use_database
  require_migrated
  local scratch run_id report
  scratch="${PGDATABASE}_verify_$(date +%Y%m%d%H%M%S)"
  run_id="$(start_run verify_backup "$PGDATABASE")"
  log "Restoring $(basename "$file") into the scratch database $scratch"
  if report="$(restore_and_compare "$file" "$scratch")"; then
    drop_database "$scratch"
    finish_run "$PGDATABASE" "$run_id" true "$(basename "$file"): identical to its manifest"
    echo "Verified: $(basename "$file") restores to exactly what its manifest lists"
  else
    drop_database "$scratch"
    printf '%s\n' "$report"
    finish_run "$PGDATABASE" "$run_id" false "$(basename "$file"): $(printf "%s\n" "$report" | grep -c .) differences: $(printf '%s' "$report" | head -c 1000)"
    echo "NOT verified: $(basename "$file") does not restore to what its manifest lists"
    exit 1
  fi
}

# The runtime role must work in the restored database as it did: log in, read, and see no tenant's
# rows without a tenant set (row-level security came with the dump).
check_app_role() { # DATABASE
  local out
  out="$(PGUSER=crm_app PGPASSWORD="$CRM_APP_PASSWORD" "$PGBIN/psql" -qAtX -v ON_ERROR_STOP=1 -d "$1" \
    -c "SELECT (SELECT count(*) FROM maintenance_runs) >= 0 AND NOT EXISTS (SELECT FROM contacts)")" || return 1
  [ "$out" = t ]
}

cmd_db_restore_file() {
  local file="$1" started
  check_backup_file "$file"
  use_database
  require_migrated
  started="$(owner_psql -c 'SELECT now()')"
  local ts live restored before report
  ts="$(date +%Y%m%d%H%M%S)"
  live="$PGDATABASE"
  restored="${live}_restore_$ts"
  before="${live}_before_restore_$ts"
  log "Restoring $(basename "$file") into the new database $restored"
  if ! report="$(restore_and_compare "$file" "$restored")" || ! check_app_role "$restored"; then
    drop_database "$restored"
    [ -z "$report" ] || printf '%s\n' "$report"
    [ -n "$report" ] || report="crm_app cannot log in to or read the restored copy"
    record_run "$live" restore "$started" false "$(basename "$file") not restored: $(printf '%s' "$report" | head -c 1000)"
    die "the restored copy does not match the manifest: nothing was switched, $live is as it was"
  fi
  log "The restored copy matches the manifest; switching $live to it"
  # No one may connect while the databases change names; the sessions open now are ended, and said.
  local ended
  if ! ended="$(admin_psql -v db="$live" <<'SQL'
ALTER DATABASE :"db" ALLOW_CONNECTIONS false;
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid();
SQL
  )"; then
    admin_psql -v db="$live" <<<'ALTER DATABASE :"db" ALLOW_CONNECTIONS true' || true
    drop_database "$restored"
    record_run "$live" restore "$started" false "$(basename "$file") not restored: could not end the sessions on $live"
    die "could not end the other sessions on $live (the owner needs pg_signal_backend): nothing was switched"
  fi
  echo "Ended $ended other session(s) on $live"
  admin_psql -v live="$live" -v restored="$restored" -v before="$before" <<'SQL'
BEGIN;
ALTER DATABASE :"live" RENAME TO :"before";
ALTER DATABASE :"restored" RENAME TO :"live";
COMMIT;
ALTER DATABASE :"before" ALLOW_CONNECTIONS true;
SQL
  record_run "$live" restore "$started" true "$(basename "$file") restored and verified; the previous database is kept as $before"
  echo "Restored: $live is now $(basename "$file"); the previous database is kept as $before (drop it when satisfied)"
}

# --- point-in-time restore of the local cluster ---------------------------------------------------------

cmd_db_restore_to_time() {
  local target="$1"
  [ -z "${ConnectionStrings__Crm:-}" ] ||
    die "point-in-time restore works on the local cluster; on a managed server use its own (README.md, Backups)"
  local target_utc
  target_utc="$(date -u -d "$target" '+%Y-%m-%d %H:%M:%S.%6N+00' 2>/dev/null)" || die "not a time: '$target' (try \"2026-12-01 14:05\")"
  use_database
  require_migrated
  local started
  started="$(local_psql_super -d crm -c 'SELECT now()')"
  [ "$(local_psql_super -v t="$target_utc" <<<"SELECT :'t'::timestamptz < now()")" = t ] ||
    die "$target is not in the past"
  # Recovery stops at the first commit after the target, so one must exist and be archived, as must
  # every WAL segment up to now (pgbackrest check switches the segment and waits for it).
  local_psql_super -d crm -c 'SELECT txid_current()' >/dev/null
  pgbackrest_local check || die "the WAL archive is not complete (pgbackrest check failed): nothing was changed"
  local ts aside
  ts="$(date +%Y%m%d-%H%M%S)"
  aside="$DATA/pg-before-restore-$ts"
  log "Stopping PostgreSQL; the cluster as it is now is kept in ${aside#"$DATA"/}"
  as_pg "$PGBIN/pg_ctl" -D "$LOCAL_PGDATA" -m fast -w stop >/dev/null
  mv "$LOCAL_PGDATA" "$aside"
  mkdir -m 700 "$LOCAL_PGDATA"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$LOCAL_PGDATA"; fi
  put_back() {
    as_pg "$PGBIN/pg_ctl" -D "$LOCAL_PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$LOCAL_PGDATA"
    mv "$aside" "$LOCAL_PGDATA"
    as_pg "$PGBIN/pg_ctl" -D "$LOCAL_PGDATA" -l "$LOCAL_PGDATA/server.log" -w -t 60 start >/dev/null
    die "$1: the cluster is back as it was"
  }
  log "Restoring the cluster to $target_utc (pgBackRest)"
  pgbackrest_local --type=time --target="$target_utc" --target-action=promote restore ||
    put_back "pgbackrest restore failed (is there a backup that finished at least one whole second before $target?)"
  as_pg "$PGBIN/pg_ctl" -D "$LOCAL_PGDATA" -l "$LOCAL_PGDATA/server.log" -w -t 300 start >/dev/null ||
    put_back "PostgreSQL did not recover to $target (server.log: $(tail -n 3 "$LOCAL_PGDATA/server.log" | tr '\n' ' '))"
  # The server takes connections while it still replays; it is done when it has promoted itself.
  local waited=0
  until [ "$(local_psql_super -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
    waited=$((waited + 1))
    [ "$waited" -lt 1500 ] || put_back "PostgreSQL did not finish recovery within 5 minutes"
    sleep 0.2
  done
  local timeline
  timeline="$(local_psql_super -c "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int")"
  record_run crm restore "$started" true "point-in-time restore to $target_utc (timeline $timeline); the cluster as it was is kept in ${aside#"$DATA"/}"
  echo "Restored the local cluster to $target_utc (timeline $timeline)."
  echo "The cluster as it was is kept in $aside (delete it when satisfied); take a fresh ./crm db backup."
}

cmd_db_restore() {
  case "${1:-}" in
    --to)
      [ -n "${2:-}" ] || die "usage: ./crm db restore --to \"YYYY-MM-DD HH:MM\""
      cmd_db_restore_to_time "$2"
      ;;
    "" | -*) die "usage: ./crm db restore FILE | ./crm db restore --to \"YYYY-MM-DD HH:MM\"" ;;
    *) cmd_db_restore_file "$1" ;;
  esac
}

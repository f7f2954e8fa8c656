# Several app nodes on one machine (sourced by ./crm): `./crm run --nodes N` starts N app processes on
# 127.0.0.1:5081… behind nginx on 127.0.0.1:5080, and PgBouncer in transaction mode between them and
# PostgreSQL. `./crm stop` stops all of it. Everything lives under .data/nodes (git-ignored).

NODES_DIR="$DATA/nodes"
FIRST_NODE_PORT=5081
PGBOUNCER_PORT="${CRM_PGBOUNCER_PORT:-6432}"

# PgBouncer and nginx, as Debian packages (PgBouncer will not run as root: it runs as postgres).
ensure_node_packages() {
  local missing=()
  [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if ((${#missing[@]})); then
    log "Installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The packages' own services are not used: each run starts its own, with its own settings.
  as_root service nginx stop >/dev/null 2>&1 || true
  as_root service pgbouncer stop >/dev/null 2>&1 || true
}

# The ADO.NET connection string's Host and Port.
connection_host() { printf '%s' "$1" | tr ';' '\n' | sed -n 's/^ *\(Host\|Server\) *= *//Ip' | head -1; }
connection_port() { printf '%s' "$1" | tr ';' '\n' | sed -n 's/^ *Port *= *//Ip' | head -1; }

# Transaction pooling: a server connection serves one client transaction at a time, then the next
# client's. The app sets its tenant per transaction (TenantPerTransaction), so nothing carries over.
# The pool holds POOL_SIZE server connections for all nodes together (README "Scaling" sizes it).
start_pgbouncer() {
  local dir="$NODES_DIR/pgbouncer" host port
  host="$(connection_host "$OWNER_CONNECTION")"
  port="$(connection_port "$OWNER_CONNECTION")"
  mkdir -p "$dir"
  stop_pid_file "$dir/pgbouncer.pid" pgbouncer
  (
    umask 077
    # PgBouncer logs in to PostgreSQL (SCRAM) with the runtime role's password, and asks it of the nodes.
    printf '"crm_app" "%s"\n' "$CRM_APP_PASSWORD" >"$dir/users.txt"
  )
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
crm = host=${host:-127.0.0.1} port=${port:-5432} dbname=${PGDATABASE:-crm}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/users.txt
pool_mode = transaction
default_pool_size = ${CRM_PGBOUNCER_POOL_SIZE:-20}
max_client_conn = 2000
server_reset_query =
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; fi
  log "Starting PgBouncer (transaction mode) on 127.0.0.1:$PGBOUNCER_PORT"
  as_pg /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini" || die "PgBouncer did not start; see $dir/pgbouncer.log"
  wait_for_port "$PGBOUNCER_PORT" || die "PgBouncer is not listening; see $dir/pgbouncer.log"
}

# The nodes' connection string: through PgBouncer, with no statements prepared (PgBouncer 1.18 cannot
# carry a prepared statement from one server connection to the next).
pgbouncer_connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=crm;Username=crm_app;Password=%s;Max Auto Prepare=0;No Reset On Close=true' \
    "$PGBOUNCER_PORT" "$CRM_APP_PASSWORD"
}

# Node K (1…N) on port 5080+K, logging to .data/nodes/node-K.log. LISTEN needs a session of its own, so
# the live updates (ConnectionStrings:CrmListen) go straight to PostgreSQL; all else through PgBouncer.
start_node() {
  local k="$1" port=$((FIRST_NODE_PORT + $1 - 1))
  stop_pid_file "$NODES_DIR/node-$k.pid" "node $k"
  (cd "$APP_DIR" &&
    export ConnectionStrings__Crm="$(pgbouncer_connection_string)" \
      ConnectionStrings__CrmListen="$(app_connection_string "$OWNER_CONNECTION")" \
      Security__DataProtection__CertificatePath="$DATA/keyring.pfx" Security__DataProtection__CertificatePasswordFile="$DATA/keyring.pass" \
      Security__RequireHttps=false \
      Mail__Host=127.0.0.1 Mail__Port="$MAIL_PORT" Mail__Tls=None Mail__SinkDirectory="$MAIL_DIR" Mail__AppUrl="$APP_URL" Mail__ShowSentMail=true &&
    exec dotnet CrmBlazor.dll --urls "http://127.0.0.1:$port" >"$NODES_DIR/node-$k.log" 2>&1) &
  echo $! >"$NODES_DIR/node-$k.pid"
}

# nginx in front of the nodes, configured from scripts/nginx-nodes.conf.template (which says how it routes).
start_nginx() {
  local n="$1" dir="$NODES_DIR/nginx" servers="" k conf
  mkdir -p "$dir/tmp"
  chmod 777 "$dir/tmp"
  for ((k = 1; k <= n; k++)); do
    servers+="${servers:+$'\n'}    server 127.0.0.1:$((FIRST_NODE_PORT + k - 1)) max_fails=1 fail_timeout=5s;"
  done
  conf="$(<"$ROOT/scripts/nginx-nodes.conf.template")"
  conf="${conf//@DIR@/$dir}"
  conf="${conf//@LISTEN@/127.0.0.1:5080}"
  printf '%s\n' "${conf//@SERVERS@/$servers}" >"$dir/nginx.conf"
  stop_nginx
  log "Starting nginx on 127.0.0.1:5080 in front of $n nodes"
  /usr/sbin/nginx -e "$dir/error.log" -c "$dir/nginx.conf" || die "nginx did not start; see $dir/error.log"
}

stop_nginx() {
  local conf="$NODES_DIR/nginx/nginx.conf" pid
  pid="$(cat "$NODES_DIR/nginx/nginx.pid" 2>/dev/null)" && [ -f "$conf" ] || return 0
  /usr/sbin/nginx -e "$NODES_DIR/nginx/error.log" -c "$conf" -s quit 2>/dev/null || true
  wait_for_exit "$pid" || true
  rm -f "$NODES_DIR/nginx/nginx.pid"
}

# Stops what a pid file names (TERM: the app drains its requests), waiting up to 30 s, then removes the file.
stop_pid_file() {
  local file="$1" what="$2" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    log "Stopping $what"
    kill -TERM "$pid" 2>/dev/null || true
    wait_for_exit "$pid" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

wait_for_exit() {
  local pid="$1" i
  [[ "$pid" =~ ^[1-9][0-9]*$ ]] || return 0
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

wait_for_port() {
  local port="$1" i
  for ((i = 0; i < 300; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Waits until node K answers /health/ready (migrated and connected), or fails with its log.
wait_for_node() {
  local k="$1" port=$((FIRST_NODE_PORT + $1 - 1)) i
  for ((i = 0; i < 1200; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && return 0
    kill -0 "$(cat "$NODES_DIR/node-$k.pid")" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$NODES_DIR/node-$k.log" >&2
  die "node $k did not become ready on port $port; see .data/nodes/node-$k.log"
}

# PgBouncer, N nodes (each ready) and nginx in front of them: what `./crm run --nodes` and the load bench both run.
start_nodes_behind_nginx() {
  local n="$1" k
  start_pgbouncer
  for ((k = 1; k <= n; k++)); do start_node "$k"; done
  for ((k = 1; k <= n; k++)); do wait_for_node "$k"; done
  start_nginx "$n"
}

# `./crm run --nodes N`, after the database is migrated and seeded: runs until Ctrl-C or ./crm stop.
run_nodes() {
  local n="$1" k
  ensure_node_packages
  command -v curl >/dev/null || die "curl is required to wait for the nodes"
  mkdir -p "$NODES_DIR"
  start_nodes_behind_nginx "$n"
  cat <<EOF

  CrmBlazor is running on $APP_URL: nginx in front of $n nodes (127.0.0.1:$FIRST_NODE_PORT…$((FIRST_NODE_PORT + n - 1))),
  PgBouncer (transaction mode) on 127.0.0.1:$PGBOUNCER_PORT. Logs: .data/nodes/.
  Demo login:  demo@crm.local  /  $CRM_DEMO_PASSWORD   (local-development password, kept in .data/secrets.env)
  Ctrl-C or ./crm stop stops it all.

EOF
  # Until every node has stopped (./crm stop, or Ctrl-C through the trap).
  local pid
  for ((k = 1; k <= n; k++)); do
    pid="$(cat "$NODES_DIR/node-$k.pid" 2>/dev/null)" || continue
    while kill -0 "$pid" 2>/dev/null; do sleep 1; done
  done
}

stop_nodes() {
  local file
  stop_nginx
  for file in "$NODES_DIR"/node-*.pid; do
    [ -e "$file" ] || continue
    stop_pid_file "$file" "$(basename "$file" .pid)"
  done
  stop_pid_file "$NODES_DIR/pgbouncer/pgbouncer.pid" PgBouncer
}

# `./crm bench load [--circuits N] [--minutes M] [--idle K] [--think S] [--arrive S] [--pages shell,contacts,board,contact,dashboard] [--nodes 1]`:
# the load bench against 1 node, then 2 nodes (or only the counts --nodes lists), each behind nginx and PgBouncer
# as `./crm run --nodes` starts them, with the memory report on and sign-in limits raised (every rep signs in from
# 127.0.0.1). The two-node run reports its throughput over the one-node run's.
bench_load() {
  local project="$1" n k ports status=0 counts="1 2" args=()
  shift
  while [ $# -gt 0 ]; do
    if [ "$1" = --nodes ] && [ $# -gt 1 ]; then counts="${2//,/ }"; shift 2; else args+=("$1"); shift; fi
  done
  set -- "${args[@]}"
  ensure_node_packages
  ensure_packages chromium
  command -v curl >/dev/null || die "curl is required to wait for the nodes"
  log "Seeding the demo tenant"
  app_command seed-demo
  ensure_key_ring_certificate
  mkdir -p "$NODES_DIR"
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null || die "the bench did not build"
  export Diagnostics__MemoryReport=true RateLimits__SignInPerIp__Permits=1000000 RateLimits__SignInPerEmail__Permits=1000000
  rm -f "$NODES_DIR/bench-load.json"
  for n in $counts; do
    start_nodes_behind_nginx "$n"
    ports=""
    for ((k = 1; k <= n; k++)); do ports+="${ports:+,}$((FIRST_NODE_PORT + k - 1))"; done
    ConnectionStrings__Crm="$OWNER_CONNECTION" ConnectionStrings__CrmApp="$(app_connection_string "$OWNER_CONNECTION")" \
      Demo__Password="$CRM_DEMO_PASSWORD" \
      dotnet run --project "$project" -c Release --no-build -- load --url "$APP_URL" --ports "$ports" \
      --results "$NODES_DIR/bench-load.json" "$@" || status=$?
    stop_nodes
  done
  return "$status"
}

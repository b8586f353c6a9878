# Private MariaDB and Redis servers for tests and benchmarks: our testcontainers, without Docker.
# Each listens on 127.0.0.1 on a free port, keeps its data in a temporary directory, and is
# stopped (and its directory removed) by stop_private_servers, which callers run from a trap.
# Source this file; it defines functions only.

private_servers_dir=""
private_server_pids=()

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits up to $2 seconds for the command in $1 to succeed.
wait_for() {
  local probe=$1 seconds=$2
  for ((i = 0; i < seconds * 10; i++)); do
    if eval "$probe" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "private servers: gave up waiting for: $probe" >&2
  return 1
}

# Starts mariadbd with full durability and exports TRANSFERS_TEST_MARIADB_URL and
# TRANSFERS_TEST_MARIADB_SOCKET (for administrative access as root over the socket).
start_private_mariadb() {
  : "${private_servers_dir:=$(mktemp -d -t transfers-servers.XXXXXX)}"
  local dir=$private_servers_dir/mariadb port
  port=$(free_port)
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || {
    cat "$dir/install.log" >&2
    return 1
  }
  # innodb_flush_log_at_trx_commit=1 and sync_binlog (no binlog) stated explicitly: a 201 must
  # survive a crash, in tests and in benchmarks alike.
  mariadbd --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --bind-address=127.0.0.1 --port="$port" --socket="$dir/mariadb.sock" --pid-file="$dir/mariadb.pid" \
    --log-error="$dir/error.log" --skip-name-resolve --max-connections=1000 \
    --innodb-flush-log-at-trx-commit=1 --innodb-doublewrite=1 --innodb-buffer-pool-size=512M \
    --innodb-log-file-size=512M --skip-log-bin &
  private_server_pids+=($!)
  wait_for "mariadb-admin --no-defaults --socket='$dir/mariadb.sock' -uroot ping" 60
  mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot <<SQL
CREATE DATABASE transfers;
CREATE USER 'transfers'@'127.0.0.1' IDENTIFIED BY 'transfers';
GRANT ALL PRIVILEGES ON transfers.* TO 'transfers'@'127.0.0.1';
SQL
  export TRANSFERS_TEST_MARIADB_URL="mariadb://transfers:transfers@127.0.0.1:$port/transfers"
  export TRANSFERS_TEST_MARIADB_SOCKET="$dir/mariadb.sock"
  echo "private MariaDB on 127.0.0.1:$port (data in $dir)"
}

# Starts redis-server without persistence (it is a cache) and exports TRANSFERS_TEST_REDIS_URL.
start_private_redis() {
  : "${private_servers_dir:=$(mktemp -d -t transfers-servers.XXXXXX)}"
  local dir=$private_servers_dir/redis port
  port=$(free_port)
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
    --daemonize no --logfile "$dir/redis.log" &
  private_server_pids+=($!)
  wait_for "redis-cli -h 127.0.0.1 -p $port ping | grep -q PONG" 30
  export TRANSFERS_TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "private Redis on 127.0.0.1:$port"
}

stop_private_servers() {
  local pid
  for pid in "${private_server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${private_server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  private_server_pids=()
  [[ -n $private_servers_dir ]] && rm -rf "$private_servers_dir"
  private_servers_dir=""
}

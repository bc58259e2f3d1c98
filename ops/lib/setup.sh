# Shared set-up for ops/ scripts: install what is missing, build, and run a
# throwaway PostgreSQL. Sourced, not executed.

set -euo pipefail

RECON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Debian packages recon needs to build, test and run. Installed only when missing
# so a warm machine pays nothing.
recon_ensure_packages() {
    local wanted=(postgresql pgbouncer libpq-dev libssl-dev zlib1g-dev pkg-config gzip)
    local missing=()
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "==> installing: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! command -v swift >/dev/null; then
        [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null || { echo "swift toolchain not found (expected /opt/swift)" >&2; exit 1; }
}

recon_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
    echo "$dir"
}

# Starts a private PostgreSQL cluster in $1 (created if absent) on a private
# socket directory and port. Exports DATABASE_URL (password auth over TCP) and
# RECON_PG_* for scripts and tests. Stopped by recon_stop_postgres.
recon_start_postgres() {
    local data_root="$1" port="${2:-55432}"
    local bindir; bindir=$(recon_pg_bindir)
    local run_as=()
    if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi

    mkdir -p "$data_root"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data_root"; fi
    export RECON_PG_DATA="$data_root/data" RECON_PG_SOCKET="$data_root" RECON_PG_PORT="$port"
    # The password is test-only: this cluster is throwaway and listens on loopback.
    export RECON_PG_PASSWORD="recon-test-only-password"

    if [ ! -f "$RECON_PG_DATA/PG_VERSION" ]; then
        local pwfile="$data_root/pwfile"
        printf '%s\n' "$RECON_PG_PASSWORD" > "$pwfile"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
        "${run_as[@]}" "$bindir/initdb" -D "$RECON_PG_DATA" -U recon --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pwfile"
        cat >> "$RECON_PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data_root'
max_connections = 200
fsync = on
synchronous_commit = on
shared_buffers = 256MB
max_wal_size = 4GB
checkpoint_timeout = 30min
CONF
    fi
    if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$RECON_PG_DATA" status >/dev/null 2>&1; then
        "${run_as[@]}" "$bindir/pg_ctl" -D "$RECON_PG_DATA" -l "$data_root/postgres.log" -w -t 60 start >/dev/null
    fi
    export PGHOST="$data_root" PGPORT="$port" PGUSER=recon PGOPTIONS='--client-min-messages=warning'
    psql -d postgres -qAtc "select 1 from pg_database where datname='recon'" | grep -q 1 \
        || psql -d postgres -qc "create database recon" >/dev/null
    export PGDATABASE=recon
    export DATABASE_URL="postgresql://recon@127.0.0.1:$port/recon"
    export PGPASSWORD="$RECON_PG_PASSWORD"
}

recon_stop_postgres() {
    [ -n "${RECON_PG_DATA:-}" ] || return 0
    local bindir; bindir=$(recon_pg_bindir)
    local run_as=()
    if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi
    "${run_as[@]}" "$bindir/pg_ctl" -D "$RECON_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

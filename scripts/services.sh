# Services the team-deployment tests need: a real PostgreSQL (Debian's postgresql-15) in a temporary
# data directory on loopback, and nginx (installed here, started by the tests with their own config).
#
# Source it:  source scripts/services.sh     (starts PostgreSQL, exports PINTEREST_ADS_TEST_DATABASE_URL
#                                            and stops everything when the sourcing shell exits)
# Or run it:  bash scripts/services.sh start|stop   (start prints the export line to use)
#
# PostgreSQL runs as the `postgres` user (initdb refuses root), listens on 127.0.0.1 only, and its data
# directory is removed on stop. With PINTEREST_ADS_TEST_DATABASE_URL set, pytest fails (rather than
# skips) the PostgreSQL tests when the server is unreachable.

_services_port="${PINTEREST_ADS_TEST_PG_PORT:-55432}"

_services_install() {
    local need=()
    [[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql-15)
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
    if ((${#need[@]})); then
        echo "[services] installing ${need[*]}" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
        # Debian's packages start their own instances; these tests run their own, on their own ports.
        service nginx stop >/dev/null 2>&1 || true
        service postgresql stop >/dev/null 2>&1 || true
    fi
}

# The first free loopback port from the asked one on (another PostgreSQL may hold the default).
_services_free_port() {
    python3 - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
for candidate in range(port, port + 200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", candidate))
        except OSError:
            continue
    print(candidate)
    break
else:
    sys.exit("no free port")
PY
}

services_start() {
    _services_install || return 1
    _services_port="$(_services_free_port "$_services_port")" || return 1
    local bin=/usr/lib/postgresql/15/bin
    PINTEREST_ADS_SERVICES_DIR="$(mktemp -d /tmp/pinterest-ads-services.XXXXXX)"
    export PINTEREST_ADS_SERVICES_DIR
    chmod 755 "$PINTEREST_ADS_SERVICES_DIR"
    mkdir -p "$PINTEREST_ADS_SERVICES_DIR/pg"
    chown postgres:postgres "$PINTEREST_ADS_SERVICES_DIR/pg"
    local as_pg=(runuser -u postgres --)
    [[ "$(id -u)" == 0 ]] || as_pg=()
    "${as_pg[@]}" "$bin/initdb" -D "$PINTEREST_ADS_SERVICES_DIR/pg/data" -U postgres -A trust --no-sync \
        -E UTF8 >"$PINTEREST_ADS_SERVICES_DIR/initdb.log" 2>&1 || { cat "$PINTEREST_ADS_SERVICES_DIR/initdb.log" >&2; return 1; }
    "${as_pg[@]}" "$bin/pg_ctl" -D "$PINTEREST_ADS_SERVICES_DIR/pg/data" -w -t 60 \
        -l "$PINTEREST_ADS_SERVICES_DIR/pg/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $_services_port -k $PINTEREST_ADS_SERVICES_DIR/pg -c fsync=off -c max_connections=200" \
        start >/dev/null || { cat "$PINTEREST_ADS_SERVICES_DIR/pg/server.log" >&2; return 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$_services_port" -U postgres pinterest_ads_test
    export PINTEREST_ADS_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$_services_port/pinterest_ads_test"
    echo "[services] PostgreSQL on 127.0.0.1:$_services_port; nginx at $(command -v nginx || echo /usr/sbin/nginx)" >&2
}

services_stop() {
    [[ -n "${PINTEREST_ADS_SERVICES_DIR:-}" && -d "$PINTEREST_ADS_SERVICES_DIR" ]] || return 0
    local as_pg=(runuser -u postgres --)
    [[ "$(id -u)" == 0 ]] || as_pg=()
    "${as_pg[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PINTEREST_ADS_SERVICES_DIR/pg/data" -m fast -w stop \
        >/dev/null 2>&1 || true
    rm -rf "$PINTEREST_ADS_SERVICES_DIR"
    echo "[services] stopped" >&2
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced (from .ci/run): start now, stop when that shell exits, keeping any EXIT trap it had.
    services_start || return 1
    _services_prev_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
    # shellcheck disable=SC2064
    trap "services_stop; ${_services_prev_trap:-:}" EXIT
else
    set -euo pipefail
    case "${1:-start}" in
        start) services_start; echo "export PINTEREST_ADS_TEST_DATABASE_URL=$PINTEREST_ADS_TEST_DATABASE_URL PINTEREST_ADS_SERVICES_DIR=$PINTEREST_ADS_SERVICES_DIR" ;;
        stop) services_stop ;;
        *) echo "usage: $0 start|stop" >&2; exit 2 ;;
    esac
fi

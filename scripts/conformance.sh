#!/usr/bin/env bash
# The official MCP conformance suite against our streamable HTTP transport.
#  1. every applicable scenario, one by one, with no baseline: each must pass;
#  2. the whole suite (--suite all) with conformance-baseline.yml: fails on a new failure and on a
#     baseline entry that started passing (stale baseline). The baseline says why each entry cannot apply.
# The server runs on a free loopback port on the embedded emulator, with a throwaway state dir.
# Usage: scripts/conformance.sh   (results under $CONFORMANCE_OUT, default a temp dir). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
APPLICABLE=(server-initialize ping tools-list prompts-list resources-list server-sse-multiple-streams
            dns-rebinding-protection)
bin=$(bash scripts/node_tools.sh | tail -n 1)
export PATH="$bin:$PATH"
python="${PYTHON:-$repo/.venv/bin/python}"
work=$(mktemp -d)
out="${CONFORMANCE_OUT:-$work/results}"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work/state"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env $(env | grep -o '^PINTEREST_[A-Z_]*' | sed 's/^/-u /') PINTEREST_ADS_STATE_DIR="$work/state" \
    "$python" -m pinterest_ads_mcp.server.cli --transport streamable-http --port "$port" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 200); do
    "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" \
        2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "conformance: server exited" >&2; exit 1; }
    sleep 0.1
done
url="http://127.0.0.1:$port/mcp"
echo "conformance $(conformance --version) against $url"

failed=()
for scenario in "${APPLICABLE[@]}"; do
    if conformance server --url "$url" --scenario "$scenario" -o "$out/applicable" >"$work/$scenario.txt" 2>&1; then
        echo "PASS  $scenario"
    else
        echo "FAIL  $scenario"; sed -n '/SUMMARY/,$p' "$work/$scenario.txt"; failed+=("$scenario")
    fi
done

echo "--- whole suite (--suite all) with conformance-baseline.yml"
set +e
conformance server --url "$url" --suite all --expected-failures conformance-baseline.yml -o "$out/all" \
    >"$work/all.txt" 2>&1
suite_rc=$?
set -e
sed -n '/SUMMARY/,$p' "$work/all.txt"
echo "results: $out"
if (( ${#failed[@]} )) || (( suite_rc != 0 )); then
    echo "conformance: FAILED (applicable failures: ${failed[*]:-none}; whole-suite exit $suite_rc)" >&2
    exit 1
fi
echo "conformance: OK (${#APPLICABLE[@]} applicable scenarios passed; the rest match the baseline)"

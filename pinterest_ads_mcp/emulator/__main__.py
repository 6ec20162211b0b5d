"""``python -m pinterest_ads_mcp.emulator [--host H] [--port N] [--token T] [--latency-ms MS]``.

Serves a seeded emulator on loopback for clients that are not in this process.
"""

from __future__ import annotations

import argparse
import sys

from .app import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pinterest_ads_mcp.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--token", default=None, help="accept only this bearer token (default: any)")
    parser.add_argument("--latency-ms", type=float, default=0)
    args = parser.parse_args(argv)
    sys.stderr.write(f"Pinterest API emulator on http://{args.host}:{args.port}/v5\n")
    serve(host=args.host, port=args.port, token=args.token, latency_ms=args.latency_ms)


if __name__ == "__main__":
    main()

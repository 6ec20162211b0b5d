"""``python -m pinterest_ads_mcp``: the same command as ``pinterest-ads-mcp``."""

from .server.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

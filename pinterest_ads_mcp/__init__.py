"""pinterest-ads-mcp: an MCP server for the Pinterest Ads API v5 with server-enforced spend safety."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pinterest-ads-mcp")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

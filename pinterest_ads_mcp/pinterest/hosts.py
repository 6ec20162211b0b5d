"""Which hosts are Pinterest's: where tokens may go and where reports may be downloaded from.

The one place these lists live. Pinterest's API answers at ``api.pinterest.com`` (production) and
``api-sandbox.pinterest.com`` (sandbox); a finished async report is a pre-signed URL on Pinterest's
delivery-metrics S3 bucket (the host Pinterest's own web app allows for report downloads).
An emulator, a test host or a proxy configured as ``PINTEREST_API_BASE_URL`` may also serve
reports from its own origin; nothing else is fetched.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

PRODUCTION_URL = "https://api.pinterest.com/v5"
SANDBOX_URL = "https://api-sandbox.pinterest.com/v5"
PINTEREST_API_HOSTS = frozenset({"api.pinterest.com", "api-sandbox.pinterest.com"})
REPORT_HOSTS = frozenset({
    "advertising-delivery-metric-reports.s3.amazonaws.com",
    "advertising-delivery-metric-reports.s3.us-east-1.amazonaws.com",
})
# The in-process emulator's base URL host (served through an ASGI transport, never the network).
EMULATOR_HOSTS = frozenset({"emulator.local"})


def origin(url: str) -> str:
    """``scheme://host[:port]``, lowercased, with the scheme's default port left out."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or (scheme, port) in (("https", 443), ("http", 80)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def host_of(url: str) -> str:
    return (urlsplit(url.strip()).hostname or "").lower()


def is_pinterest_api(url: str | None) -> bool:
    """True for Pinterest's own API (production or sandbox) over https."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() == "https" and host_of(url) in PINTEREST_API_HOSTS


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _private_ip(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def report_refusal(url: str, base_url: str) -> str | None:
    """Why the client will not download a report from ``url`` (None when it may).

    Allowed: https on one of :data:`REPORT_HOSTS`; or the very origin of a base URL that is not
    Pinterest's own API (the emulator, a loopback test server, an operator's proxy).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "the report URL cannot be parsed"
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        return f"the report URL is not an http(s) URL (scheme {scheme or 'none'!r})"
    if parts.username or parts.password:
        return "the report URL carries credentials"
    if base_url and not is_pinterest_api(base_url) and origin(url) == origin(base_url):
        return None
    if _private_ip(host) or is_loopback_host(host):
        return f"the report URL points at a local or private address ({host})"
    if host not in REPORT_HOSTS:
        return f"{host} is not one of Pinterest's report hosts ({', '.join(sorted(REPORT_HOSTS))})"
    if scheme != "https":
        return f"the report URL is not https ({scheme}://{host})"
    return None

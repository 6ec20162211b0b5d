"""Which OAuth scopes each call needs (the spec's ``security`` per operation), so an error can name them."""

from __future__ import annotations

# GET /search/pins declares pins:read, pins:read_secret, boards:read and boards:read_secret; a live token
# without the two `_secret` scopes is refused there although plain pin and board reads work.
SEARCH_SCOPES = ("pins:read_secret", "boards:read_secret")
READ_SCOPES = ("user_accounts:read", "ads:read", "pins:read", "boards:read")
WRITE_SCOPES = ("ads:write",)
# What `pinterest-ads-mcp auth` asks for: every read and write the tools make, pin search included.
REQUESTED_SCOPES = ("ads:read", "ads:write", "pins:read", "boards:read", "user_accounts:read", "pins:write",
                    "boards:write", *SEARCH_SCOPES)


def scope_for(method: str, path: str) -> str | None:
    """The scope(s) a request needs, in words (``None`` when unknown); ``path`` is after ``/v5``."""
    if path.startswith("/user_account"):
        return "user_accounts:read"
    if path.startswith("/search/pins"):
        return " and ".join(SEARCH_SCOPES)
    if path.startswith("/pins"):
        return "pins:read" if method.upper() == "GET" else "pins:write and boards:write"
    if path.startswith("/boards"):
        return "boards:read"
    if path.startswith(("/ad_accounts", "/resources")):
        reads = method.upper() == "GET" or path.endswith(("/audience_sizing", "/reports"))
        return "ads:read" if reads else "ads:write"
    return None

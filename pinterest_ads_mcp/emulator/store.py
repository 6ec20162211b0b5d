"""The emulator's in-memory state: what Pinterest would hold for one developer app.

Entities are kept in the exact shape the v5 API returns them (plain dicts whose keys are the
spec's field names), so a handler can answer with a stored entity as-is. Every status change of a
campaign, ad group or ad is appended to ``status_log``: the synthetic analytics read that history
to decide on which days an entity could spend, so they only accrue while it was ACTIVE.

Nothing here is shared with the client package: the emulator is the other side of the contract.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]


@dataclass
class Store:
    """All emulated state. Handlers mutate it; analytics read it."""

    clock: Callable[[], float] = time.time
    ad_accounts: dict[str, Entity] = field(default_factory=dict)
    campaigns: dict[str, Entity] = field(default_factory=dict)
    ad_groups: dict[str, Entity] = field(default_factory=dict)
    ads: dict[str, Entity] = field(default_factory=dict)
    boards: dict[str, Entity] = field(default_factory=dict)
    pins: dict[str, Entity] = field(default_factory=dict)
    # Labels: id -> Label dict ({id, value, label_type, parent_id, parent_type, status}).
    labels: dict[str, Entity] = field(default_factory=dict)
    # Keywords: id -> Keyword dict ({id, value, match_type, parent_id, parent_type, archived, bid, type}).
    keywords: dict[str, Entity] = field(default_factory=dict)
    # Audiences: id -> Audience dict ({id, ad_account_id, name, audience_type, rule, size, status, ...}).
    audiences: dict[str, Entity] = field(default_factory=dict)
    # Which ad account owns a board / pin / label / keyword (boards and pins are the user's, but the
    # seeded demo keeps them per account so Business Access style lookups work).
    owner_of: dict[str, str] = field(default_factory=dict)
    # entity id -> [(unix_seconds, status)], oldest first; the first entry is the creation status.
    status_log: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # Async reports: token -> {"ad_account_id", "request": dict, "created": float, "status": str, "rows": list}
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    # OAuth: issued access tokens and refresh tokens (token -> scopes string).
    access_tokens: dict[str, str] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    # Authorization codes handed out by the authorize redirect: code -> {"redirect_uri", "scope", "client_id", "user"}
    auth_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    # Pinterest logins: username -> {"id", "accounts": ad account ids that login can reach, None: all}. Tokens made
    # by the OAuth flow belong to the login that approved it (token -> username) and reach only its
    # accounts; other bearer tokens (the configured demo token) reach every account.
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_users: dict[str, str] = field(default_factory=dict)
    # The sandbox's missing features (set from the emulator's config).
    sandbox: bool = False
    _ids: itertools.count = field(default_factory=lambda: itertools.count(549_755_900_000))

    def now(self) -> int:
        """Current time in unix seconds, from the injectable clock (tests freeze it)."""
        return int(self.clock())

    def new_id(self) -> str:
        """A fresh numeric-string id, unique across every entity type (as Pinterest's are)."""
        return str(next(self._ids))

    def record_status(self, entity_id: str, status: str, at: int | None = None) -> None:
        """Append a status to an entity's history unless it is unchanged."""
        log = self.status_log.setdefault(entity_id, [])
        if log and log[-1][1] == status:
            return
        log.append((self.now() if at is None else at, status))

    def account_of(self, entity: Entity) -> str:
        """The ad account id an ad, ad group or campaign belongs to."""
        if "ad_account_id" in entity and entity["ad_account_id"]:
            return str(entity["ad_account_id"])
        return self.owner_of[entity["id"]]

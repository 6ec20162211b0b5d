"""Read the entities a change touches and record them as plan snapshots (the before of every update)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..support.common import InputError
from ..support.runtime import Runtime

Level = Literal["campaign", "ad_group", "ad"]
ALL_STATUSES = ["ACTIVE", "PAUSED", "ARCHIVED"]


async def read_entities(rt: Runtime, account_id: str, level: Level, ids: Sequence[str]) -> dict[str, Any]:
    """id -> entity model for every id found (any status), one chunked list request."""
    if not ids:
        return {}
    if level == "campaign":
        rows: list[Any] = await rt.client.list_campaigns(account_id, campaign_ids=ids, statuses=ALL_STATUSES)
    elif level == "ad_group":
        rows = await rt.client.list_ad_groups(account_id, ad_group_ids=ids, statuses=ALL_STATUSES)
    else:
        rows = await rt.client.list_ads(account_id, ad_ids=ids, statuses=ALL_STATUSES)
    return {row.id: row for row in rows}


async def require_editable(rt: Runtime, account_id: str, level: Level, ids: Sequence[str],
                           field: str) -> dict[str, Any]:
    """The entities behind ``ids``; an id that is unknown or ARCHIVED is an error naming ``field``."""
    found = await read_entities(rt, account_id, level, ids)
    label = level.replace("_", " ")
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(f"{field}: no {label} {', '.join(missing)} in ad account {account_id}")
    archived = [i for i in ids if found[i].status == "ARCHIVED"]
    if archived:
        raise InputError(f"{field}: {label} {', '.join(archived)} is ARCHIVED and cannot be changed")
    return found

"""Finding campaigns by label, shared by list_campaigns and the label tools."""

from __future__ import annotations

from ..pinterest.client import PinterestClient


async def campaign_ids_with_label(client: PinterestClient, ad_account_id: str, label: str) -> tuple[list[str], bool]:
    """Ids of campaigns carrying an ACTIVE label whose value matches ``label`` (case-insensitive).

    Returns (campaign ids, whether any label with that value exists at all), so callers can tell
    "no such label" from "label on no campaign".
    """
    wanted = label.strip().casefold()
    found = False
    ids: list[str] = []
    for item in await client.list_labels(ad_account_id, statuses=["ACTIVE"]):
        for lab in item.get("labels") or []:
            if str(lab.get("value", "")).casefold() != wanted:
                continue
            found = True
            parent = str(lab.get("parent_id") or "").lstrip("C")
            if parent and lab.get("status", "ACTIVE") == "ACTIVE" and parent not in ids:
                ids.append(parent)
    return ids, found

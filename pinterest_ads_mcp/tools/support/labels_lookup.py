"""Finding campaigns by label, shared by list_campaigns and the label tools."""

from __future__ import annotations

from ...pinterest.client import PinterestClient
from ...pinterest.errors import MissingScope, PermissionDenied
from .common import InputError


def closed_beta(exc: PermissionDenied, ad_account_id: str) -> InputError | MissingScope:
    """Labels are a closed beta at Pinterest: an account outside it gets a 403 even with every scope
    and role, so the refusal says that rather than "check your scopes". A missing scope (401 code 3)
    stays what it is."""
    if isinstance(exc, MissingScope):
        return exc
    said = exc.message.split(": ", 1)[-1]
    return InputError(
        f"ad_account_id: Pinterest refused labels for ad account {ad_account_id} ({said}). Campaign labels are a "
        "closed beta: accounts outside it are refused whatever the token's scopes or your role. Ask your Pinterest "
        "representative to add the account to the beta, or leave labels out"
        + (f" (request id {exc.request_id})" if exc.request_id else "")
    )


async def campaign_ids_with_label(client: PinterestClient, ad_account_id: str, label: str) -> tuple[list[str], bool]:
    """Ids of campaigns carrying an ACTIVE label whose value matches ``label`` (case-insensitive).

    Returns (campaign ids, whether any label with that value exists at all), so callers can tell
    "no such label" from "label on no campaign".
    """
    wanted = label.strip().casefold()
    found = False
    ids: list[str] = []
    try:
        labels = await client.list_labels(ad_account_id, statuses=["ACTIVE"])
    except PermissionDenied as exc:
        raise closed_beta(exc, ad_account_id) from None
    for item in labels:
        for lab in item.get("labels") or []:
            if str(lab.get("value", "")).casefold() != wanted:
                continue
            found = True
            parent = str(lab.get("parent_id") or "").lstrip("C")
            if parent and lab.get("status", "ACTIVE") == "ACTIVE" and parent not in ids:
                ids.append(parent)
    return ids, found

"""Check that the labels an undo would change still stand as the action left them.

An undo takes off the labels an action put on and puts back the labels it took off, pair by pair
(label, campaign). Each pair must still hold what the action set: a label the undo would take off
must still be on the campaign, one it would put back must still be off, the campaign must still
exist, and putting a label back must stay within Pinterest's per-campaign limits (one BRAND, 30
CUSTOM). Anything else is a conflict: shown, and nothing is sent.
"""

from __future__ import annotations

from typing import Any

from ..labels import MAX_BRAND, MAX_CUSTOM, load_labels
from ..support.runtime import Runtime
from .snapshots import read_entities


async def check_label_pairs(rt: Runtime, account_id: str, pairs: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(summary lines, conflicts) for setting ``pairs`` (label write items, guards.plan)."""
    cids = sorted({str(p["campaign_id"]) for p in pairs})
    campaigns = await read_entities(rt, account_id, "campaign", cids)
    state = await load_labels(rt, account_id)
    lines: list[str] = []
    conflicts: list[str] = []
    back: dict[str, list[dict[str, Any]]] = {}
    for pair in pairs:
        cid, value = str(pair["campaign_id"]), pair["value"]
        if cid not in campaigns:
            conflicts.append(f"campaign {cid} no longer exists")
            continue
        on = [lab for lab in state.active_on(cid)
              if lab["id"] == str(pair["id"]) or (lab["value"].casefold() == str(value).casefold()
                                                   and lab["label_type"] == pair["label_type"])]
        if pair["status"] == "ARCHIVED":
            if not on:
                conflicts.append(f"label {value!r} is no longer on campaign {cid} (taken off since)")
            lines.append(f"campaign {cid}: take label {value!r} off")
        else:
            if on:
                conflicts.append(f"label {value!r} is already back on campaign {cid}")
            back.setdefault(cid, []).append(pair)
            lines.append(f"campaign {cid}: put label {value!r} back on")
    for cid, adding in back.items():
        for kind, limit in (("BRAND", MAX_BRAND), ("CUSTOM", MAX_CUSTOM)):
            now = [lab for lab in state.active_on(cid) if lab["label_type"] == kind]
            more = [p for p in adding if p["label_type"] == kind]
            if more and len(now) + len(more) > limit:
                carried = ", ".join(repr(lab["value"]) for lab in now)
                conflicts.append(f"campaign {cid} now carries {kind} label(s) {carried}; at most {limit} {kind} "
                                 f"label(s) per campaign, so {', '.join(repr(p['value']) for p in more)} cannot go "
                                 "back on")
    return lines, conflicts

"""Prints how many fuzz examples ran (per outcome) at the end of the session."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from . import test_fuzz_tools as fuzz

    if not fuzz.STATS:
        return
    ok = sum(s["ok"] for s in fuzz.STATS.values())
    err = sum(s["error"] for s in fuzz.STATS.values())
    per_tool = ", ".join(f"{t} {s['ok']}+{s['error']}" for t, s in sorted(fuzz.STATS.items()))
    terminalreporter.write_line(f"fuzz: {ok + err} schema-generated calls over {len(fuzz.STATS)} tools "
                                f"({ok} succeeded, {err} refused with a named field); {len(fuzz.INVALID)} "
                                f"hand-written invalid cases; per tool ok+error: {per_tool}")

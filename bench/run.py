"""Runs every benchmark and prints one table. Usage: ``python -m bench`` (or ``python bench/run.py``);
``python -m bench sizes overhead`` runs only those. Ratios are measured within one run; nothing here asserts
a timing."""

from __future__ import annotations

import asyncio
import importlib
import logging
import platform
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "bench"

MODULES = ["cold_start", "overhead", "concurrency", "ratelimit", "requests_per_task", "sizes", "hostile", "insight"]


def main(argv: list[str] | None = None) -> int:
    logging.disable(logging.WARNING)  # the emulator banner and retry notices are not results
    chosen = (argv if argv is not None else sys.argv[1:]) or MODULES
    rows = []
    started = time.perf_counter()
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += asyncio.run(module.run())
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("benchmark", "measure", "value")]
    header = ("benchmark", "measure", "value", "note")
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  note"
    print(f"pinterest-ads-mcp benchmarks · Python {platform.python_version()} · {platform.machine()} · "
          f"{time.strftime('%Y-%m-%d')}")
    print("  ".join(h.ljust(w) for h, w in zip(header[:3], widths)) + "  note")
    print("-" * len(line))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip((r.benchmark, r.measure, r.value), widths)) + f"  {r.note}")
    print(f"(total {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

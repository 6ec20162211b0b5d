"""A newcomer can tell a tool from a helper by where it lives: every module directly under ``tools/``
registers something with the server, and nothing in ``tools/planning/`` or ``tools/support/`` does."""

from __future__ import annotations

import ast
from pathlib import Path

import pinterest_ads_mcp.tools as tools

ROOT = Path(tools.__file__).parent


def _defines_register(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "register" for node in tree.body)


def test_every_module_directly_under_tools_registers_with_the_server() -> None:
    modules = [p for p in ROOT.glob("*.py") if p.name != "__init__.py"]
    assert modules
    assert [p.name for p in modules if not _defines_register(p)] == []


def test_helper_packages_hold_no_tools() -> None:
    helpers = [p for pkg in ("planning", "support") for p in (ROOT / pkg).glob("*.py")]
    assert len(helpers) > 5
    assert [p.name for p in helpers if _defines_register(p)] == []

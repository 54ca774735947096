"""The house rule of DESIGN.md: a domain imports the domains below it, never above.

platform (the yearly platform) builds on dialogue (contacts with the state), which builds
on papers, which build on hearings, which build on conditions, which build on the plan; the
generic package notify imports no domain. What a higher domain shows on a lower domain's
page, or as a column on its list, comes through ``advocacy.panels``. (audit/labels.py still
imports the domains' enums for its labels: left for the audit-labels registry of issue 12.)
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "advocacy"

#: Each domain and the domains it must not import (those above it).
ABOVE = {
    "plan": {"conditions", "hearings", "papers", "dialogue", "platform"},
    "conditions": {"hearings", "papers", "dialogue", "platform"},
    "hearings": {"papers", "dialogue", "platform"},
    "papers": {"dialogue", "platform"},
    "dialogue": {"platform"},
    "notify": {"plan", "conditions", "hearings", "papers", "dialogue", "platform"},
    "bodies": {"plan", "conditions", "hearings", "papers", "notify", "dialogue", "platform"},
}


def _imports(path: Path) -> set[str]:
    """Modules imported at run time (imports for type checkers only do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("domain", sorted(ABOVE))
def test_a_domain_imports_no_domain_above_it(domain):
    wrong = []
    for path in sorted((PACKAGE / domain).rglob("*.py")):
        for module in _imports(path):
            parts = module.split(".")
            if parts[0] == "advocacy" and len(parts) > 1 and parts[1] in ABOVE[domain]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert sorted(wrong) == []

"""The package's rooms: a lower room never imports a higher one (STYLE.md's one direction of flow)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hscp_nb"
# room → the rooms it may import (besides itself)
ALLOWED = {
    "domain": set(),
    "inputs": {"domain"},
    "analysis": {"domain", "inputs"},
    "document": {"domain"},
    "present": {"domain", "inputs", "analysis", "document"},
    "writers": {"domain", "document"},
    "products": {"domain", "inputs", "analysis", "document", "present", "writers"},
    "batch": {"domain", "inputs", "analysis", "document", "present", "writers", "products"},
    "sample": {"domain", "inputs"},
}


def _imports(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "hscp_nb" and len(parts) > 1 and parts[1] in ALLOWED:
                rooms.add(parts[1])
    return rooms


def test_every_module_lives_in_a_room():
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py", "cli.py"}
    assert loose == set(), f"modules outside the rooms: {loose}"


def test_no_room_imports_a_higher_one():
    wrong = []
    for room, allowed in ALLOWED.items():
        for path in (PACKAGE / room).rglob("*.py"):
            for imported in _imports(path) - allowed - {room}:
                wrong.append(f"{path.relative_to(PACKAGE)} imports hscp_nb.{imported}")
    assert wrong == []


def test_the_check_itself_sees_a_backward_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from hscp_nb.present import charts\nimport hscp_nb.batch.plan\n")
    assert _imports(module) == {"present", "batch"}

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
    "editions": {"domain", "inputs", "document", "present", "writers"},
    "report": {"domain", "inputs", "document", "present", "writers", "editions"},
    "products": {"domain", "inputs", "analysis", "document", "present", "writers", "editions", "report"},
    "batch": {"domain", "inputs", "analysis", "document", "present", "writers", "editions", "report", "products"},
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


def _module_imports(path: Path) -> set[str]:
    """The hscp_nb modules a module imports when it is loaded (top-level imports; those inside functions run later
    and cannot make a circle at import time, but are counted too, since a circle of them is a design smell)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hscp_nb") and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _exists(candidate) else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hscp_nb")}
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative / "__init__.py").exists()


def test_no_module_imports_itself_back_through_others():
    """No import circle anywhere in the package (the block model once imported the HTML writer, which imported the
    model)."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        graph[name] = {m for m in _module_imports(path) if m != name and m != "hscp_nb"}
    cycles = []

    def visit(node, trail):
        for nxt in graph.get(node, ()):
            if nxt in trail:
                cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == [], cycles

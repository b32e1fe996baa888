"""The package's shape: stages import only downward, nothing imports in a cycle (type-only
imports included), and MkDocs is imported only by the adapter."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Lower floors never import higher ones.
FLOORS = {
    "generator.parallel": -1,  # plumbing any stage may use; it uses none of them
    "generator.store": -1,  # the interface of what keeps values between builds
    "generator.records": 0,
    "generator.settings": 1,
    "generator.site": 2,
    "generator.formats": 3,
    "generator.build": 4,
    "generator.cache": 4,
    "generator.mkdocs": 5,
    "generator.cli": 6,
    "generator.__main__": 7,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of ours this file imports, at any depth of the file (functions and
    `if TYPE_CHECKING:` blocks too)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [f"{target}.{alias.name}" for alias in node.names] + [target]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate in MODULES:
                found.add(candidate)
                break
    found.discard(name)
    return found


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _floor(module: str) -> int | None:
    for prefix, floor in FLOORS.items():
        if module == prefix or module.startswith(prefix + "."):
            return floor
    return None


def test_the_import_graph_has_no_cycle():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_stages_import_only_downward():
    upward = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if module != "generator"
        and target != "generator"
        and _floor(module) is not None
        and _floor(target) is not None
        and _floor(target) > _floor(module)
    ]
    assert upward == []


def test_formats_do_not_import_page_emission():
    assert not [
        m
        for m, t in GRAPH.items()
        if m.startswith("generator.formats")
        and any(x.startswith("generator.site.pages") for x in t)
    ]


def test_only_the_adapter_imports_mkdocs():
    offenders = []
    for name, path in MODULES.items():
        if name.startswith("generator.mkdocs"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            offenders += [f"{name}: {m}" for m in modules if m.split(".")[0] == "mkdocs"]
    assert offenders == []


def test_every_stage_is_a_folder_a_newcomer_can_find():
    for stage in ("records", "site", "formats", "mkdocs"):
        assert (PACKAGE / stage / "__init__.py").exists()
    assert (PACKAGE / "build.py").exists()

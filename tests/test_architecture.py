"""The shape of the code: the core never imports Textual, imports run one way down the layers, no cycles, small files."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import newsbrowse

PACKAGE = Path(newsbrowse.__file__).parent
CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(newsbrowse.__path__, prefix="newsbrowse.")
    if not info.name.startswith("newsbrowse.tui") and info.name != "newsbrowse.__main__"
)
# A file in newsbrowse/ over this many lines is split by job (the brief's rule).
MAX_LINES = 800

# Each part of newsbrowse and the parts it may import (besides itself). The stages run down
# the flow of data; index/ is whoosh alone; build/ orchestrates the stages below it; the API
# (archive) sits on the build; the command line and the TUI on the API. The shared base
# (model, errors, location) imports nothing of newsbrowse.
BASE = {"model", "errors", "location"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "location": set(),
    "ingest": BASE,
    "extract": BASE,
    "clean": BASE | {"ingest", "extract"},
    "corrections": BASE,
    "marks": BASE,
    "batch": BASE,
    "index": BASE,
    "store": BASE | {"extract", "corrections"},
    "build": BASE | {"ingest", "clean", "extract", "store", "index", "corrections"},
    "archive": BASE | {"build", "store", "index", "ingest", "extract", "corrections", "marks", "batch"},
    "serialize": BASE,
    "terminal": BASE,
    "output": BASE | {"serialize", "terminal"},
    "listings": BASE | {"output"},
    "cli_entity": BASE | {"archive", "corrections", "serialize"},
    "cli_marks": BASE | {"archive", "batch", "marks", "serialize", "output", "listings"},
    "cli": BASE
    | {
        "__init__",
        "archive",
        "build",
        "ingest",
        "cli_entity",
        "cli_marks",
        "serialize",
        "terminal",
        "tui",
        "marks",
        "batch",
        "output",
        "listings",
    },
    "tui": BASE | {"archive", "build", "corrections", "marks", "batch", "output", "listings"},
    "__main__": {"cli"},
    "__init__": BASE | {"archive", "clean", "extract"},
}

# Imports the modules one by one and reports the first one after which Textual is loaded.
_PROBE = """
import importlib, json, sys
culprits = []
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if "textual" in sys.modules and not culprits:
        culprits.append(name)
print(json.dumps(culprits))
"""


def _module_name(path: Path) -> str:
    """The dotted name of a module file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> Iterator[str]:
    """Every newsbrowse module a module imports, anywhere in it (inside functions and TYPE_CHECKING too).

    `from package import submodule` counts as an import of the submodule alone.
    """
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "newsbrowse")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "newsbrowse":
                continue
            submodules = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]
            if submodules and len(submodules) == len(node.names):
                yield from submodules
            else:
                yield target


def _part(name: str) -> str:
    """The part of newsbrowse a module belongs to: its first name under newsbrowse ("index", "cli", "__init__")."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


GRAPH = {name: sorted({target for target in _imports(name) if target != name}) for name in MODULES}


def test_core_modules_are_found() -> None:
    """The walk sees the core packages, so the import check below is not vacuous."""
    for name in ("newsbrowse.cli", "newsbrowse.model", "newsbrowse.ingest", "newsbrowse.clean", "newsbrowse.build"):
        assert name in CORE_MODULES


def test_core_modules_do_not_import_textual() -> None:
    """Importing the core, CLI included, must not pull in Textual."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(CORE_MODULES)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []


def test_every_module_belongs_to_a_known_part() -> None:
    """A new top-level module or package gets its place in ALLOWED (so the layering below covers it)."""
    assert {_part(name) for name in MODULES} == set(ALLOWED)


def test_imports_run_one_way_down_the_layers() -> None:
    """No part imports one above it: the stages down the flow, index/ pure whoosh, build/ above store/ and index/."""
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if target in MODULES and _part(target) != _part(name) and _part(target) not in ALLOWED[_part(name)]
    ]
    assert wrong == []


def test_the_index_layer_imports_only_whoosh_and_the_base() -> None:
    """index/ is a pure whoosh layer: nothing of ingest, clean, extract, store or build (checked on its own)."""
    for name, targets in GRAPH.items():
        if _part(name) == "index":
            assert {_part(target) for target in targets} <= {"index", *BASE}, name


def _cycles() -> list[list[str]]:
    """The import cycles between modules (strongly connected components of more than one module), by Tarjan."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in MODULES:
                continue
            if target not in order:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], order[target])
        if low[node] == order[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in MODULES:
        if name not in order:
            visit(name)
    return found


def test_no_import_cycles() -> None:
    """No two modules import each other, directly or round a loop (lazy and TYPE_CHECKING imports count)."""
    assert _cycles() == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check is not vacuous: a loop added to the graph is found."""
    GRAPH["newsbrowse.model"] = [*GRAPH["newsbrowse.model"], "newsbrowse.errors"]
    GRAPH["newsbrowse.errors"] = [*GRAPH["newsbrowse.errors"], "newsbrowse.model"]
    try:
        assert _cycles() == [["newsbrowse.errors", "newsbrowse.model"]]
    finally:
        GRAPH["newsbrowse.model"].remove("newsbrowse.errors")
        GRAPH["newsbrowse.errors"].remove("newsbrowse.model")


def test_no_file_in_the_package_is_over_800_lines() -> None:
    """Files grow by job into new modules, not past MAX_LINES."""
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix in (".py", ".tcss")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


# whoosh's modules that are its internals (codec, file storage, writers): only index/internals/ uses them.
_WHOOSH_PRIVATE_MODULES = ("whoosh.codec", "whoosh.filedb", "whoosh.writing")
INTERNALS = "newsbrowse.index.internals"


def _whoosh_uses(name: str) -> Iterator[str]:
    """What a module does with whoosh that only index/internals/ may: import its internal modules or private
    names, reach into another object's private attributes, or import a part of internals/ but its interface."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(_WHOOSH_PRIVATE_MODULES):
                yield f"imports {node.module}"
            if node.module.split(".")[0] == "whoosh":
                yield from (f"imports {node.module}.{a.name}" for a in node.names if a.name.startswith("_"))
            if node.module.startswith(INTERNALS + "."):
                yield f"imports {node.module} (use {INTERNALS})"
        elif isinstance(node, ast.Import):
            yield from (f"imports {a.name}" for a in node.names if a.name.startswith(_WHOOSH_PRIVATE_MODULES))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                yield f"reaches into .{node.attr} (line {node.lineno})"


def test_only_the_index_layer_imports_whoosh() -> None:
    """whoosh is index/'s business: the build and the API go through its interface."""
    users = {
        name
        for name, path in MODULES.items()
        if any(
            (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh")
            or (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "whoosh" for a in node.names))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    }
    assert users and {_part(name) for name in users} == {"index"}


def test_whoosh_internals_are_used_in_index_internals_only() -> None:
    """Outside index/internals/, only whoosh's public API: no codec, no file storage, no private names."""
    found = {
        name: uses
        for name in MODULES
        if _part(name) == "index" and not name.startswith(INTERNALS)
        if (uses := list(_whoosh_uses(name)))
    }
    assert found == {}
    others = {name: uses for name in MODULES if _part(name) != "index" if (uses := list(_whoosh_uses(name)))}
    assert all(not use.startswith("imports") for uses in others.values() for use in uses), others


def test_the_internals_check_sees_private_uses() -> None:
    """The check above is not vacuous: it sees what internals/ does (a private attribute, the codec)."""
    uses = list(_whoosh_uses(f"{INTERNALS}.reading"))
    assert any("_dbfile" in use for use in uses) and any("whoosh.codec" in use for use in uses)

"""The layout docs/architecture.md describes, kept true: who may import whom, and how big a module may grow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "locflow"
MAX_LINES = 450
THIRD_PARTY_HOMES = {
    "polib": {"locflow.po", "locflow.poformat", "locflow.catalog"},
    "markdown_it": {"locflow.segment", "locflow.syntax", "locflow.render", "locflow.textrender", "locflow.checks"},
    "mdit_py_plugins": {"locflow.segment", "locflow.syntax", "locflow.render", "locflow.textrender", "locflow.checks"},
    "click": {"locflow.cli"},
    "nh3": {"locflow.sourcehtml"},
    "sqlite3": {"locflow.memorystore"},
    "defusedxml": {"locflow.tmx"},
}
"""Third-party types stay home: each library is imported only by the modules that own it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def runtime_nodes(tree: ast.AST):
    """Yield the nodes of a module, leaving out ``if TYPE_CHECKING:`` blocks (imports for annotations only)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        yield node
        yield from runtime_nodes(node)


def imports(name: str) -> set[str]:
    """Return every module `name` imports at run time (absolute names; `from locflow import x` counts as locflow.x)."""
    found = set()
    for node in runtime_nodes(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "lazy" and node.args:
            found.add(ast.literal_eval(node.args[0]))  # loading.lazy("locflow.x"): an import, loaded on first use
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], node.module])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


def home(module: str) -> str:
    """Return the checks package for its submodules, the module itself otherwise."""
    return "locflow.checks" if module.startswith("locflow.checks.") else module


def test_no_command_module_imports_another():
    commands = {name for name in MODULES if name.startswith("locflow.commands.")}
    assert len(commands) >= 4
    for name in commands:
        assert not imports(name) & (commands - {name}), f"{name} imports another command module"


def test_stage_modules_do_not_import_the_shell():
    shell = {"locflow.cli", "locflow.__main__", "locflow.workspace", "locflow.manifest", "locflow.cache", "locflow.cleanup"}
    shell |= {"locflow.report", "locflow.pageinputs", "locflow.where", "locflow.memoryfiles", "locflow.memorystore", "locflow.moves"}
    shell |= {"locflow.buildgate", "locflow.sitemap", "locflow.pagefiles", "locflow.siteindex", "locflow.pagebuild", "locflow.checkcache"}
    shell |= {"locflow.conflicts", "locflow.memorylookup"}
    shell |= {name for name in MODULES if name.startswith("locflow.commands")}
    for name in MODULES:
        if name not in shell:
            assert not imports(name) & shell, f"{name} (a stage) imports the shell"


def test_the_import_graph_has_no_cycle():
    graph = {name: {other for other in imports(name) if other in MODULES and other != name} for name in MODULES}
    # `from locflow import x` also names the package itself; a package importing its own
    # submodules (checks/__init__ re-exporting) is not a cycle of modules.
    graph = {name: {o for o in deps if not name.startswith(o + ".") and o != "locflow"} for name, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for other in sorted(graph[node]):
            if state.get(other) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path[path.index(other):], other]) if other in path else other)
            if other not in state:
                visit(other, [*path, other])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("library", sorted(THIRD_PARTY_HOMES))
def test_third_party_types_stay_home(library):
    users = {home(name) for name in MODULES if any(i == library or i.startswith(library + ".") for i in imports(name))}
    assert users <= THIRD_PARTY_HOMES[library], f"{library} imported by {sorted(users - THIRD_PARTY_HOMES[library])}"


def test_no_module_is_over_the_size_limit():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}

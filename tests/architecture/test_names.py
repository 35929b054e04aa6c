"""Names that say one thing: no two shared modules of the library and its tools share a
file name, and no two classes defined in them share a class name, so a name found in a
traceback or an import leads to one place."""

from __future__ import annotations

import ast
from collections import defaultdict

from attachkit import registry
from tests.architecture.imports import Module, imported, modules


def _shared() -> list[Module]:
    """The modules of `attachkit` outside the vendor packages."""
    vendors = tuple(f"attachkit.{name}" for name in registry.names())
    return [
        module
        for module in modules("attachkit")
        if not any(module.name == v or module.name.startswith(v + ".") for v in vendors)
    ]


def _repeated(places: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: where for name, where in places.items() if len(where) > 1}


def _face(module: Module) -> bool:
    """A public module that is the face of the private one of its name (`attachkit.logs`
    over `attachkit._core.logs`): the two are one place."""
    core = module.name.replace("attachkit.", "attachkit._core.", 1)
    return core != module.name and core in imported(module.path, module.name)


def test_shared_module_names_are_unique() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for module in _shared():
        if module.path.name not in ("__init__.py", "__main__.py") and not _face(module):
            places[module.path.name].append(module.relative)
    assert len(places) > 40
    assert _repeated(places) == {}


def test_shared_class_names_are_unique() -> None:
    places: dict[str, list[str]] = defaultdict(list)
    for module in _shared():
        tree = ast.parse(module.path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                places[node.name].append(module.relative)
    assert len(places) > 40
    assert _repeated(places) == {}

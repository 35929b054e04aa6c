"""The public surface is what the public modules' `__all__` list, and the documentation
names nothing else: README.md, CONTRIBUTING.md, the examples and the public docstrings
import and mention only public modules and the names they list.

A public module is a module of `attachkit` or `attachkit_sandbox` without a `_`-prefixed
part in its path that is a package's `__init__` or a module directly in a top-level package
(`attachkit.errors`); the other modules of a package (`attachkit.<vendor>.client`,
`attachkit.export.engine`) and all of `attachkit._core` are internal."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from attachkit import registry
from tests.architecture.imports import ROOT, imported, modules
from tests.support.vendors import TEST_VENDORS, VendorUnderTest

TOP = ("attachkit", "attachkit_sandbox")
DOTTED = re.compile(r"(?<![\w.\-/])(attachkit(?:_sandbox)?(?:\.[A-Za-z_]\w*)+)")


def _is_public(name: str, is_package: bool) -> bool:
    parts = name.split(".")
    if any(part.startswith("_") for part in parts):
        return False
    return is_package or len(parts) == 2


@cache
def public_modules() -> tuple[str, ...]:
    return tuple(
        module.name
        for top in TOP
        for module in modules(top)
        if _is_public(module.name, module.is_package)
    )


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _exported(name: str) -> list[str]:
    listed: list[str] = _module(name).__all__
    return listed


@pytest.mark.parametrize("name", public_modules())
def test_every_public_module_lists_what_it_exports(name: str) -> None:
    module = _module(name)
    assert isinstance(getattr(module, "__all__", None), list), f"{name} has no __all__"
    missing = [member for member in module.__all__ if not hasattr(module, member)]
    assert missing == []


def _vendor_packages() -> set[str]:
    """Packages that export a vendor's contract objects (DESCRIPTOR, PLUGIN): each vendor
    has its own object under the same name, by design."""
    return {
        name
        for name in public_modules()
        if {"DESCRIPTOR", "PLUGIN"} & set(getattr(_module(name), "__all__", ()))
    }


def test_one_name_is_one_thing_across_the_public_modules() -> None:
    seen: dict[str, tuple[str, object]] = {}
    clashes = []
    for name in public_modules():
        if name in _vendor_packages():
            continue
        for member in _exported(name):
            value = getattr(_module(name), member)
            if member in seen and seen[member][1] is not value:
                clashes.append(f"{member}: {seen[member][0]} and {name}")
            seen.setdefault(member, (name, value))
    assert clashes == []


def _resolves(dotted: str) -> bool:
    """Whether `dotted` is a public module, or a name one lists (with attributes after)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        module = ".".join(parts[:end])
        if module in public_modules():
            rest = parts[end:]
            return not rest or rest[0] in _exported(module)
    return False


def _imports(code: str) -> Iterator[str]:
    """What a piece of Python imports from attachkit, as dotted names."""
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in TOP:
                yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] in TOP)


def _python_blocks(text: str) -> Iterator[str]:
    for match in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL):
        yield match.group(1)
    for match in re.finditer(r"^((?:    .*\n|\n)+)", text, flags=re.MULTILINE):
        block = "\n".join(line[4:] for line in match.group(1).splitlines())
        try:
            ast.parse(block)
        except SyntaxError:
            continue  # a shell example or a table, not Python
        yield block


def _named_in(text: str) -> set[str]:
    named = set(DOTTED.findall(text))
    for block in _python_blocks(text):
        named.update(_imports(block))
    return named


def _docstrings() -> Iterator[tuple[str, str]]:
    for name in public_modules():
        module = _module(name)
        yield name, module.__doc__ or ""
        for member in _exported(name):
            value = getattr(module, member)
            if (inspect.isclass(value) or inspect.isfunction(value)) and value.__doc__:
                yield f"{name}.{member}", value.__doc__


DOCUMENTS = [
    "README.md",
    "CONTRIBUTING.md",
    *sorted(p.name for p in (ROOT / "examples").glob("*.py")),
]


def _new_vendor(text: str) -> str | None:
    """The vendor a guide to adding one is written for ("Say the vendor is `x`")."""
    found = re.search(r"Say the vendor is `(\w+)`", text)
    return None if found is None else f"attachkit.{found.group(1)}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_documentation_names_only_the_public_surface(document: str) -> None:
    path = ROOT / document if (ROOT / document).exists() else ROOT / "examples" / document
    text = path.read_text(encoding="utf-8")
    named = _named_in(text) | (set(_imports(text)) if path.suffix == ".py" else set())
    assert named, document
    own = _new_vendor(text)  # the new vendor's own modules are its to write
    unknown = [name for name in named if not _resolves(name)]
    assert sorted(n for n in unknown if own is None or not n.startswith((own + ".", own))) == []


def test_public_docstrings_name_only_the_public_surface() -> None:
    wrong = {
        where: sorted(name for name in _named_in(text) if not _resolves(name))
        for where, text in _docstrings()
    }
    assert {where: names for where, names in wrong.items() if names} == {}


def test_every_vendorkit_name_is_used_by_a_vendor_package() -> None:
    kit = _module("attachkit.vendorkit")
    packages = [name.removeprefix("attachkit.") for name in registry.builtin_modules()]
    used: set[str] = set()
    for module in modules("attachkit"):
        if module.name.split(".")[1:2] and module.name.split(".")[1] in packages:
            used |= {
                found.removeprefix("attachkit.vendorkit.")
                for found in imported(module.path, module.name)
                if found.startswith("attachkit.vendorkit.")
            }
    assert sorted(set(kit.__all__) - used) == []


def test_the_library_root_shows_only_public_modules() -> None:
    root = Path(_module("attachkit").__file__ or "").parent
    shown = sorted(path.stem for path in root.glob("*.py") if not path.stem.startswith("_"))
    for stem in shown:
        assert f"attachkit.{stem}" in public_modules()
        assert isinstance(getattr(_module(f"attachkit.{stem}"), "__all__", None), list), stem


@pytest.mark.parametrize("vendor", TEST_VENDORS, ids=lambda vendor: vendor.name)
def test_a_test_vendors_package_imports_only_the_public_surface(vendor: VendorUnderTest) -> None:
    home = vendor.spec.parents[1]
    package = home / vendor.name
    prefix = f"tests.{home.name}"
    wrong = {}
    for path in sorted(package.glob("*.py")):
        name = f"{prefix}.{vendor.name}" + ("" if path.stem == "__init__" else f".{path.stem}")
        found = imported(path, name)
        ours = [item for item in found if item.split(".")[0] in TOP]
        wrong[path.name] = sorted(item for item in ours if not _resolves(item))
    assert len(wrong) >= 5
    assert {module: names for module, names in wrong.items() if names} == {}

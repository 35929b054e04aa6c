"""The library stands on its own and the tools stand on it: no library module imports the
command line, the export, the drift check, the sandbox or argparse, and importing a vendor
loads none of them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from attachkit import registry
from tests.architecture.imports import ROOT, imported, modules, names_any

TOOLS = ("attachkit.cli", "attachkit.export", "attachkit.conformance")
"""The tools' packages: what the library never imports."""
FORBIDDEN = (*TOOLS, "attachkit_sandbox", "argparse")
ENTRY_POINT = "attachkit.__main__"
"""`python -m attachkit` runs the command: the one library-package module that may."""


def _tool_parts() -> set[str]:
    """The vendors' command-line and drift-check modules, as their descriptors name them."""
    parts = set()
    for descriptor in registry.descriptors():
        parts.add(descriptor.command_module)
        if descriptor.conformance_module is not None:
            parts.add(descriptor.conformance_module)
    return parts


def _library() -> list[tuple[str, frozenset[str]]]:
    exempt = _tool_parts() | {ENTRY_POINT}
    return [
        (module.name, imported(module.path, module.name))
        for module in modules("attachkit")
        if module.name not in exempt and not list(names_any(frozenset({module.name}), TOOLS))
    ]


def test_the_library_imports_no_tool() -> None:
    library = _library()
    assert len(library) > 30
    wrong = {name: list(names_any(found, FORBIDDEN)) for name, found in library}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_vendor_tool_parts_import_only_the_library() -> None:
    parts = _tool_parts()
    assert parts
    wrong = {
        module.name: list(
            names_any(imported(module.path, module.name), (*TOOLS, "attachkit_sandbox"))
        )
        for module in modules("attachkit")
        if module.name in parts
    }
    assert {name: found for name, found in wrong.items() if found} == {}


def _loaded_by(statement: str) -> list[str]:
    code = f"{statement}; import sys; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


@pytest.mark.parametrize("vendor", registry.names())
def test_importing_a_vendor_loads_no_tool(vendor: str) -> None:
    loaded = _loaded_by(f"import attachkit.{vendor}")
    descriptor = registry.get(vendor)
    own_parts = {descriptor.command_module, descriptor.conformance_module}
    tools = (*FORBIDDEN, "starlette", "uvicorn", "yaml")
    assert list(names_any(frozenset(loaded), tools)) == []
    assert own_parts & set(loaded) == set()
    assert f"attachkit.{vendor}" in loaded


@pytest.mark.parametrize("vendor", registry.names())
def test_importing_a_vendor_loads_no_argparse_module(vendor: str) -> None:
    # As the check words it, for each vendor:
    #   python -c "import attachkit.<vendor>, sys; print(sorted(m for m in sys.modules
    #              if m.startswith('argparse')))"
    code = (
        f"import attachkit.{vendor}, sys; "
        "print(sorted(m for m in sys.modules if m.startswith('argparse')))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout == "[]\n"

"""The generated clients run on httpx2 through the templates in generator/templates/.

Each of those is the pinned generator's own template of the same name with the HTTP stack's
name changed (`httpx` -> `httpx2`) and nothing else, so a generator upgrade that changes a
template fails here until the copy is taken again. The generated packages are checked as a
user would meet them: their modules import httpx2 and never httpx, and their clients are
httpx2 clients.
"""

from __future__ import annotations

import ast
import importlib
import re
from importlib.metadata import version
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import httpx2
import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "generator" / "templates"
GENERATED = ROOT / "generated"
# The word alone: names that merely contain it (`httpx_args`, `get_httpx_client`) are the
# generator's API and keep their spelling.
OLD_NAME = re.compile(r"(?<![\w.\-/])httpx(?![\w\-])")
HEADER = re.compile(r"\A\{#(?P<text>.*?)#\}\n", re.DOTALL)


def _ours() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.jinja"))


def _packages() -> list[Path]:
    return sorted(path for path in GENERATED.iterdir() if (path / "__init__.py").is_file())


def _upstream(folder: Traversable, prefix: str = "") -> dict[str, str]:
    """The generator's templates by path, with their text."""
    found: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            found.update(_upstream(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".jinja"):
            found[prefix + entry.name] = entry.read_text(encoding="utf-8")
    return found


UPSTREAM = _upstream(files("openapi_python_client") / "templates")


def test_only_the_templates_that_name_the_http_stack_are_replaced() -> None:
    # The package metadata templates are not used (`--meta none`).
    unused = ("pyproject", "setup.py", "README.md")
    naming = sorted(
        name
        for name, text in UPSTREAM.items()
        if OLD_NAME.search(text) and not name.startswith(unused)
    )
    assert [path.relative_to(TEMPLATES).as_posix() for path in _ours()] == naming


@pytest.mark.parametrize("path", _ours(), ids=lambda path: path.name)
def test_a_template_is_the_generator_s_own_with_the_stack_renamed(path: Path) -> None:
    ours = path.read_text(encoding="utf-8")
    header = HEADER.match(ours)
    assert header is not None, f"{path.name} starts with a comment saying where it comes from"
    assert f"openapi-python-client {version('openapi-python-client')}'s" in header["text"]
    upstream = UPSTREAM[path.relative_to(TEMPLATES).as_posix()]
    expected = OLD_NAME.sub("httpx2", upstream)
    assert ours[header.end() :] == expected, (
        f"{path.name} differs from the generator's own beyond the rename: copy it again"
    )


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", _packages(), ids=lambda path: path.name)
def test_a_generated_package_imports_httpx2_and_never_httpx(package: Path) -> None:
    imports = {
        path.relative_to(GENERATED).as_posix(): _imported_modules(path.read_text("utf-8"))
        for path in package.rglob("*.py")
    }
    assert [name for name, modules in imports.items() if "httpx" in modules] == []
    assert imports[f"{package.name}/client.py"] >= {"httpx2"}
    endpoints = [name for name in imports if "/api/" in name and not name.endswith("__init__.py")]
    assert endpoints
    assert [name for name in endpoints if "httpx2" not in imports[name]] == []


@pytest.mark.parametrize("package", _packages(), ids=lambda path: path.name)
def test_a_generated_client_is_an_httpx2_client(package: Path) -> None:
    client_module = importlib.import_module(f"{package.name}.client")
    client = client_module.Client(base_url="http://example.test")
    with client as opened:
        assert isinstance(opened.get_httpx_client(), httpx2.Client)

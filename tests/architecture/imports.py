"""The imports of the project's own modules, read from their source (nothing is imported):
which modules each one names, at the top or inside a function, and which it loads by name
through `importlib.import_module`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "wrapper"


@attrs.frozen
class Module:
    name: str
    path: Path

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def relative(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def module_name(path: Path, root: Path = WRAPPER) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: str) -> list[Module]:
    """Every module of a top-level package under wrapper/, by dotted name."""
    return [
        Module(module_name(path), path)
        for path in sorted((WRAPPER / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def _absolute(module: Module, level: int, name: str | None) -> str:
    package = module.name.split(".")
    if not module.is_package:
        package.pop()
    base = package[: len(package) - level + 1] if level else []
    return ".".join([*base, *([name] if name else [])])


@cache
def imported(path: Path, name: str) -> frozenset[str]:
    """The modules `path` (module `name`) imports, as dotted names: `from a import b` gives
    both `a` and `a.b` (b may be a module), and a literal `import_module("x")` gives `x`."""
    module = Module(name, path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node.level, node.module)
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return frozenset(found)


def names_any(found: frozenset[str], prefixes: tuple[str, ...]) -> Iterator[str]:
    """The imports in `found` that are one of `prefixes` or inside one."""
    for name in sorted(found):
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes):
            yield name

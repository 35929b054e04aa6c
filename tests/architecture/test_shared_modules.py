"""The shared code names no vendor. CONTRIBUTING.md lists what is shared (its `shared-code`
block: the library's shared modules, the tools, the sandbox's shared modules, the Makefile
and the shared test support); every file it matches is scanned for the name of every vendor
any source knows, comments and docstrings included, and every module under wrapper/ is
either shared or in a vendor's own place."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

from attachkit import registry
from tests.architecture.imports import ROOT
from tests.support.vendors import NAMES, sandbox_plugins, specs


@cache
def shared_globs() -> tuple[str, ...]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"^```shared-code\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert block is not None, "CONTRIBUTING.md has no shared-code block"
    return tuple(line.strip() for line in block.group(1).splitlines() if line.strip())


def _tracked() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607 - the repository's own git
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name]


def _vendor_places() -> tuple[Path, ...]:
    """Where each vendor's own code lives: its package, its sandbox plug-in, a test
    vendor's home."""
    packages = [ROOT / "wrapper" / "attachkit" / name for name in registry.builtin_names()]
    plugins = [
        ROOT / "wrapper" / "attachkit_sandbox" / "vendors" / name for name in sandbox_plugins()
    ]
    homes = [spec.parents[1] for spec in specs().values() if ROOT / "specs" not in spec.parents]
    return (*packages, *plugins, *homes)


def _matches(path: Path, pattern: str) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    if pattern.endswith("/"):
        return relative.startswith(pattern)
    return Path(relative).match(pattern) and relative.count("/") == pattern.count("/")


@cache
def shared_files() -> tuple[Path, ...]:
    places = _vendor_places()
    return tuple(
        path
        for path in _tracked()
        if any(_matches(path, pattern) for pattern in shared_globs())
        and not any(place in path.parents for place in places)
        and path.is_file()
    )


def test_the_shared_code_names_no_vendor() -> None:
    assert len(NAMES) >= 3
    word = re.compile(
        rf"(?<![A-Za-z0-9])({'|'.join(map(re.escape, NAMES))})(?![A-Za-z0-9])", re.IGNORECASE
    )
    assert len(shared_files()) > 60
    found = {}
    for path in shared_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if word.search(line):
                found[f"{path.relative_to(ROOT)}:{number}"] = line.strip()
    assert found == {}


def test_every_module_under_wrapper_is_shared_or_a_vendors_own() -> None:
    places = _vendor_places()
    shared = set(shared_files())
    unclassified = [
        path.relative_to(ROOT).as_posix()
        for path in _tracked()
        if path.suffix == ".py"
        and (ROOT / "wrapper") in path.parents
        and path not in shared
        and not any(place in path.parents for place in places)
    ]
    assert unclassified == []

"""A test vendor added the way CONTRIBUTING.md says touches only its own files: its home
holds exactly the files the guide's table lists for a test vendor, its name appears in no
tracked file outside its home (the guide aside), and the shared tests pick it up without
being told (tests/test_vendor_parts.py has a case for it). The shared modules and shared
test support cannot name it (tests/architecture/test_shared_modules.py) nor reach it but
through globs and the registry."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests import test_vendor_parts
from tests.support.vendors import NAMES, TEST_VENDORS, VendorUnderTest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"
HOMES = [pytest.param(vendor, id=vendor.name) for vendor in TEST_VENDORS]


def _git(*argv: str) -> list[str]:
    done = subprocess.run(  # noqa: S603
        ["git", *argv],  # noqa: S607 - the repository's own git
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.splitlines()


def _home(vendor: VendorUnderTest) -> Path:
    return vendor.spec.parents[1]


def _listed_files(name: str) -> list[str]:
    """The test-vendor column of the guide's table, its example vendor read as `name`."""
    text = GUIDE.read_text(encoding="utf-8")
    example = re.search(r"Say the vendor is `(\w+)`", text)
    assert example is not None, "the guide names no example vendor"
    table = text.split("<!-- vendor-files -->")[1]
    cells = [row.split("|")[3] for row in table.splitlines() if row.startswith("| ")][2:]
    files = [path for cell in cells for path in re.findall(r"`([^`]+)`", cell)]
    return sorted(path.replace(example.group(1), name) for path in files)


def _collapsed(path: str, name: str) -> str:
    """A file of the home as the table names it: a generated package or the cassettes as
    one entry."""
    for folder in (f"generated/attachkit_{name}_client/", "cassettes/"):
        if path.startswith(folder):
            return folder
    return path


def test_every_test_vendor_has_a_home() -> None:
    assert TEST_VENDORS, "no test vendor: tests/HOME/specs/NAME.yaml makes one"


@pytest.mark.parametrize("vendor", HOMES)
def test_the_home_holds_what_the_guide_lists(vendor: VendorUnderTest) -> None:
    home = _home(vendor)
    tracked = _git("ls-files", "--", str(home.relative_to(ROOT)))
    relative = {
        _collapsed(str(Path(path).relative_to(home.relative_to(ROOT))), vendor.name)
        for path in tracked
    }
    assert sorted(relative) == _listed_files(vendor.name)


@pytest.mark.parametrize("vendor", HOMES)
def test_its_name_is_nowhere_else(vendor: VendorUnderTest) -> None:
    home = str(_home(vendor).relative_to(ROOT))
    found = _git("grep", "-n", "-i", "-w", vendor.name, "--", ".", f":!{home}", f":!{GUIDE.name}")
    assert found == []


@pytest.mark.parametrize("vendor", HOMES)
def test_the_shared_vendor_tests_have_a_case_for_it(vendor: VendorUnderTest) -> None:
    assert vendor.name in NAMES
    tests = [test for name, test in vars(test_vendor_parts).items() if name.startswith("test_")]
    assert len(tests) >= 5
    for test in tests:
        (mark,) = [mark for mark in test.pytestmark if mark.name == "parametrize"]
        assert vendor.name in mark.args[1], test.__name__

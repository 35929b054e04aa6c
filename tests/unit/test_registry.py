"""The vendor registry: the built-in vendors found by their packages, others registered."""

from __future__ import annotations

import io
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import attachkit
from attachkit import registry
from attachkit.cli import ExitCode, run
from attachkit.envi import DESCRIPTOR as ENVI

SHARED = Path(attachkit.__file__).parent


def test_built_in_vendors_are_the_packages_with_a_descriptor_by_name() -> None:
    packages = sorted(
        f"attachkit.{folder.name}"
        for folder in SHARED.iterdir()
        if (folder / "descriptor.py").is_file() and not folder.name.startswith("_")
    )
    assert registry.builtin_modules() == tuple(packages)
    assert registry.names()[:3] == ("altegio", "amili", "envi")
    assert registry.get("envi") is ENVI


def test_finding_the_vendors_loads_no_tool() -> None:
    code = (
        "from attachkit import registry; import sys; registry.names(); "
        "print(sorted(m for m in sys.modules if m.startswith('attachkit.')))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = eval(done.stdout)  # noqa: S307 - a list of module names the child printed
    assert {f"attachkit.{name}" for name in registry.names()} <= set(loaded)
    tools = ("attachkit.cli", "attachkit.export", "attachkit.conformance")
    assert [name for name in loaded if name.startswith(tools)] == []
    assert [name for name in loaded if name.endswith((".command", ".conformance"))] == []


@pytest.mark.parametrize("name", ["", "ENVI", "nosuchvendor", None])
def test_an_unknown_vendor_is_an_error_naming_the_known_ones(name: object) -> None:
    with pytest.raises(registry.UnknownVendorError, match="known: altegio, amili, envi"):
        registry.get(name)  # type: ignore[arg-type]


def test_a_vendor_name_cannot_be_taken_twice() -> None:
    import attrs

    from attachkit.amili import DESCRIPTOR as AMILI

    with pytest.raises(ValueError, match="registered already"):
        registry.register(attrs.evolve(AMILI))
    with pytest.raises(TypeError):
        registry.register("amili")  # type: ignore[arg-type]


def test_export_refuses_what_is_not_a_vendor_client() -> None:
    with pytest.raises(TypeError, match="expected an async vendor client"):
        registry.for_client(object())


def test_the_command_refuses_an_unknown_vendor() -> None:
    err = io.StringIO()
    code = run(
        ["nosuchvendor", "list", "1"],
        environ={},
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == ExitCode.USAGE
    assert "invalid choice: 'nosuchvendor'" in err.getvalue()


def test_the_version_is_the_distributions() -> None:
    assert attachkit.__version__ == version("attachkit")
    with pytest.raises(AttributeError):
        attachkit.no_such_attribute  # noqa: B018


def test_python_dash_m_attachkit_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "attachkit", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: attachkit" in result.stdout
    for name in registry.names():
        assert name in result.stdout

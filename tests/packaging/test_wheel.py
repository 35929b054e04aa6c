"""The wheel as a user installs it: built from this tree and installed with its locked
runtime dependencies and the `sandbox` extra in a fresh virtual environment, it works there,
and the old `httpx` package is not installed (only httpx2 is; the dev group has httpx only
because the code generator needs it).

The build backend is the one `make setup` installed. The dependencies come from uv's cache
when it can serve them offline, else as locked from the package index: packages only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from email.parser import Parser
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")


def _run(*argv: str | Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Runs `argv` in the repository with `settings` added to an environment that the
    project's own (its virtual environment, its Python path) does not leak into."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH")
    }
    return subprocess.run(  # noqa: S603 - uv and the fresh interpreter, fixed arguments
        [str(arg) for arg in argv],
        cwd=ROOT,
        env={**environment, **settings},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _ok(*argv: str | Path, **settings: str) -> str:
    result = _run(*argv, **settings)
    assert result.returncode == 0, f"{argv}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # The backend installed here (the dev group pins it as [build-system] does): no download.
    _ok(UV, "build", "--wheel", "--offline", "--quiet", "--no-build-isolation",
        "--python", sys.executable, "--out-dir", out, ROOT)  # fmt: skip
    [built] = out.glob("attachkit-*.whl")
    return built


@pytest.fixture(scope="module")
def python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh environment holding the wheel with the sandbox extra."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    # The locked runtime dependencies and the sandbox extra, nothing of the dev group.
    locked = (UV, "sync", "--frozen", "--quiet", "--no-dev", "--extra", "sandbox",
              "--no-install-project", "--python", sys.executable)  # fmt: skip
    target = {"UV_PROJECT_ENVIRONMENT": str(venv)}
    # From uv's cache where it can serve them offline, else the same locked files from the
    # package index (packages only, checked against the lock's hashes).
    if _run(*locked, "--offline", **target).returncode != 0:
        _ok(*locked, **target)
    interpreter = venv / "bin" / "python"
    # The wheel's own requirements are resolved against what is installed: one that is not
    # (httpx, say) would fail here or show up below.
    _ok(UV, "pip", "install", "--quiet", "--offline", "--python", interpreter, f"{wheel}[sandbox]")
    return interpreter


def test_the_build_backend_here_is_the_one_the_build_system_pins() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)
    [backend] = project["build-system"]["requires"]
    assert backend in project["dependency-groups"]["dev"]
    assert backend == f"hatchling=={version('hatchling')}"


def _requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return metadata.get_all("Requires-Dist") or []


def test_the_wheel_requires_httpx2_and_not_httpx(wheel: Path) -> None:
    names = {requirement.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0]
             for requirement in _requirements(wheel)}  # fmt: skip
    assert "httpx2" in names
    assert names.isdisjoint({"httpx", "httpcore"})


def test_httpx_is_not_installed_beside_the_wheel(python: Path) -> None:
    installed = _ok(
        python, "-c", "import importlib.metadata as m; print(*(d.name for d in m.distributions()))"
    ).split()
    assert {"attachkit", "httpx2", "httpcore2", "starlette", "uvicorn"} <= set(installed)
    assert {"httpx", "httpcore"}.isdisjoint(installed)
    old = _run(python, "-c", "import httpx")
    assert old.returncode != 0
    assert "No module named 'httpx'" in old.stderr


def test_the_installed_wheel_lists_and_saves_from_the_sandbox(python: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import hashlib, sys
        from pathlib import Path

        import attachkit_altegio_client, attachkit_amili_client, attachkit_envi_client
        from attachkit.envi import EnviClient
        from attachkit_sandbox import SandboxConfig, SandboxServer
        from attachkit_sandbox.vendors.envi import (
            ENVI_PASSWORD, ENVI_USERNAME, envi_bulk_entity_ids,
        )

        with SandboxServer(SandboxConfig(rate_limits=False)) as server:
            url = server.base_url + "/envi"
            with EnviClient.from_password(
                url, username=ENVI_USERNAME, password=ENVI_PASSWORD
            ) as envi:
                entity = str(next(iter(envi_bulk_entity_ids())))
                saved = [envi.save(att, Path(sys.argv[1])) for att in envi.list_files(entity)]
        print(len(saved), "httpx" in sys.modules, "httpx2" in sys.modules)
        """
    )
    out = _ok(python, "-c", script, tmp_path)
    count, old_loaded, new_loaded = out.split()
    assert int(count) > 0
    assert len(list(tmp_path.iterdir())) == int(count)
    assert (old_loaded, new_loaded) == ("False", "True")


def test_the_wheel_holds_the_library_the_sandbox_and_one_client_per_spec(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    clients = {f"attachkit_{spec.stem}_client" for spec in (ROOT / "specs").glob("*.yaml")}
    packages = {top for top in tops if not top.endswith(".dist-info")}
    assert packages == {"attachkit", "attachkit_sandbox", *clients}


def test_the_sandbox_runs_as_its_own_module(python: Path) -> None:
    help_text = _ok(python, "-m", "attachkit_sandbox", "--help")
    assert help_text.startswith("usage: python -m attachkit_sandbox")

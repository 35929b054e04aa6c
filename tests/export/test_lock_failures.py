"""The export's directory lock says "another export is running" only when another process
holds it; any other failure to lock is reported as what it is."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from attachkit.export.lock import DirectoryLock
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.support.command import Served, python_command

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

# The operating system refusing the lock itself, as on a file system without locks (NFS
# without a lock daemon answers ENOLCK): the command runs with flock failing that way.
NO_LOCKS = """
import errno, fcntl, os, sys

def flock(fd, operation):
    raise OSError(errno.{name}, os.strerror(errno.{name}))

fcntl.flock = flock
from attachkit.cli import main
sys.exit(main())
"""


def _export_with_flock_failing(
    served: Served, name: str, out: Path
) -> subprocess.CompletedProcess[str]:
    argv = ["envi", "export", str(ENVI_PO_ID), "-o", str(out)]
    return subprocess.run(  # noqa: S603
        python_command("-c", NO_LOCKS.format(name=name), *argv),
        capture_output=True,
        text=True,
        env=served.environment(),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", ["ENOLCK", "EINVAL"])
def test_a_lock_the_system_refuses_is_not_called_another_export(
    served: Served, tmp_path: Path, name: str
) -> None:
    done = _export_with_flock_failing(served, name, tmp_path)
    assert done.returncode == 2
    assert "another export" not in done.stderr
    assert f"cannot lock {tmp_path}" in done.stderr
    assert os.strerror(getattr(errno, name)) in done.stderr
    assert "Errno" not in done.stderr
    assert served.requests == []  # nothing was asked of the vendor


@pytest.mark.parametrize("name", ["EWOULDBLOCK", "EAGAIN"])
def test_a_lock_held_elsewhere_is_another_export(served: Served, tmp_path: Path, name: str) -> None:
    done = _export_with_flock_failing(served, name, tmp_path)
    assert done.returncode == 2
    assert f"another export is running in {tmp_path}" in done.stderr


def test_a_lock_held_by_another_process_is_another_export(served: Served, tmp_path: Path) -> None:
    with DirectoryLock(tmp_path):
        done = served.attachkit("envi", "export", str(ENVI_PO_ID), "-o", str(tmp_path))
    assert done.returncode == 2
    assert f"another export is running in {tmp_path}" in done.stderr

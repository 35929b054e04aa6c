"""A directory nobody running the tests can write to, root included."""

from __future__ import annotations

import contextlib
import fcntl
import os
import struct
from collections.abc import Iterator
from pathlib import Path

__all__ = ["unwritable_directory"]

_FS_IOC_GETFLAGS = 0x80086601
_FS_IOC_SETFLAGS = 0x40086602
_FS_IMMUTABLE_FL = 0x00000010


def _writable(directory: Path) -> bool:
    probe = directory / "probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


def _set_immutable(directory: Path, on: bool) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        flags = struct.unpack("l", fcntl.ioctl(fd, _FS_IOC_GETFLAGS, struct.pack("l", 0)))[0]
        flags = flags | _FS_IMMUTABLE_FL if on else flags & ~_FS_IMMUTABLE_FL
        fcntl.ioctl(fd, _FS_IOC_SETFLAGS, struct.pack("l", flags))
    finally:
        os.close(fd)


@contextlib.contextmanager
def unwritable_directory(directory: Path) -> Iterator[Path]:
    """`directory`, made and then read-only: mode 0o555, and for root (who ignores modes)
    the immutable attribute as well. Writable again afterwards, so it can be cleaned up."""
    directory.mkdir()
    directory.chmod(0o555)
    immutable = False
    try:
        if _writable(directory):
            _set_immutable(directory, True)
            immutable = True
        assert not _writable(directory), f"cannot make {directory} read-only here"
        yield directory
    finally:
        if immutable:
            _set_immutable(directory, False)
        directory.chmod(0o755)

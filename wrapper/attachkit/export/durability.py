"""Flushing a batch's files, and later their new names, to disk in as few calls as the
platform allows.

On Linux 5.8 and later, one syncfs() per filesystem flushes every file of a batch (or every
new name) at once, where fsync() would need a call, and a journal commit, per file and per
directory; since 5.8 syncfs() also reports write errors. Elsewhere, or when syncfs() fails
(to find out which file failed), each file and directory is flushed on its own.
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..saving import fsync_directory

__all__ = ["flush_files", "flush_names"]


def _load_syncfs() -> Callable[[int], None] | None:
    if sys.platform != "linux":
        return None
    version = re.match(r"(\d+)\.(\d+)", platform.release())
    if version is None or (int(version[1]), int(version[2])) < (5, 8):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int

    def syncfs(fd: int) -> None:
        if function(fd) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))

    return syncfs


_syncfs = _load_syncfs()


def flush_files(fds_by_device: Mapping[int, Sequence[int]]) -> dict[int, OSError]:
    """Flushes the open files (grouped by the device they are on) to disk; returns the
    error of each file that could not be flushed, by descriptor."""
    errors: dict[int, OSError] = {}
    for fds in fds_by_device.values():
        if _syncfs is not None and fds:
            try:
                _syncfs(fds[0])
                continue
            except OSError:
                pass
        for fd in fds:
            try:
                os.fsync(fd)
            except OSError as exc:
                errors[fd] = exc
    return errors


def flush_names(directories_by_device: Mapping[int, Sequence[Path]]) -> None:
    """Makes the renames in these directories (grouped by device) durable, as far as the
    platform allows; like `fsync_directory`, it does not fail."""
    for directories in directories_by_device.values():
        if _syncfs is not None and directories:
            try:
                fd = os.open(directories[0], os.O_RDONLY)
                try:
                    _syncfs(fd)
                finally:
                    os.close(fd)
                continue
            except OSError:
                pass
        for directory in directories:
            fsync_directory(directory)

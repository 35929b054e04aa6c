"""Flushing a batch's files, and later their new names, to disk in as few calls as the
platform allows.

On Linux 5.8 and later, one syncfs() per filesystem flushes every file of a batch (or every
new name) at once, where fsync() would need a call, and a journal commit, per file and per
directory; since 5.8 syncfs() also reports write errors. That holds for local disk
filesystems only: on FUSE or network filesystems a filesystem-wide flush may not reach
the daemon or server as fsync() does. Elsewhere, and when syncfs() fails (to find out
which file failed), each file and directory is flushed on its own.
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .._core.saving import fsync_directory

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
# Filesystems whose syncfs() makes data and names durable just as fsync() would.
_LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs"})
_MOUNTINFO = Path("/proc/self/mountinfo")
_filesystems: dict[int, str] = {}


def _mount_table() -> dict[int, str]:
    """Device -> filesystem type ("ext4"...), from the mount table."""
    try:
        lines = _MOUNTINFO.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    table: dict[int, str] = {}
    for line in lines:
        # "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
        fields, separator, rest = line.partition(" - ")
        parts = fields.split()
        if not separator or len(parts) < 3 or not rest.strip():
            continue
        major, _, minor = parts[2].partition(":")
        if major.isdigit() and minor.isdigit():
            table.setdefault(os.makedev(int(major), int(minor)), rest.split()[0])
    return table


def _filesystem(device: int) -> str:
    if device not in _filesystems:
        _filesystems.update(_mount_table())
        _filesystems.setdefault(device, "")  # unknown: flushed file by file
    return _filesystems[device]


def _syncfs_for(device: int) -> Callable[[int], None] | None:
    if _syncfs is None or _filesystem(device) not in _LOCAL_FILESYSTEMS:
        return None
    return _syncfs


def flush_files(fds_by_device: Mapping[int, Sequence[int]]) -> dict[int, OSError]:
    """Flushes the open files (grouped by the device they are on) to disk; returns the
    error of each file that could not be flushed, by descriptor."""
    errors: dict[int, OSError] = {}
    for device, fds in fds_by_device.items():
        syncfs = _syncfs_for(device)
        if syncfs is not None and fds:
            try:
                syncfs(fds[0])
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
    for device, directories in directories_by_device.items():
        syncfs = _syncfs_for(device)
        if syncfs is not None and directories:
            try:
                fd = os.open(directories[0], os.O_RDONLY)
                try:
                    syncfs(fd)
                finally:
                    os.close(fd)
                continue
            except OSError:
                pass
        for directory in directories:
            fsync_directory(directory)

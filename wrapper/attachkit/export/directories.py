"""The entity directories of one run, each swept once of what a killed run left behind.

A killed run can leave temporary files; the run holds the export lock, so no live save
owns them. A directory is swept before this run creates its own temporary files there,
and only then: sweeping later would delete a file being written.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from .._core.saving import TEMP_PREFIX, make_directory

__all__ = ["Directories", "remove_stale_temps"]

_TEMP_SUFFIX = ".part"
# Directories whose device is kept: those of the files in flight (a batch's, at most 512).
_DEVICES_KEPT = 1024


def _is_temp(name: str) -> bool:
    """Whether `name` is one `saving.create_temp` gives (`.attachkit-*.part`)."""
    return (
        name.startswith(TEMP_PREFIX)
        and name.endswith(_TEMP_SUFFIX)
        and len(name) >= len(TEMP_PREFIX) + len(_TEMP_SUFFIX)
    )


def remove_stale_temps(directory: Path) -> int:
    """Deletes the temporary files in `directory`; returns how many went. (A scan of
    names rather than `Path.glob`: a run sweeps one directory per entity.)"""
    removed = 0
    try:
        with os.scandir(directory) as entries:
            leftovers = [entry.path for entry in entries if _is_temp(entry.name)]
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            os.unlink(leftover)
        except OSError:
            continue
        removed += 1
    return removed


class Directories:
    """Called from worker threads (the batch writer and large downloads), so it locks.

    A run has a directory per entity, so what it remembers of each is small: that it was
    swept, as the hash of its path (two paths with one hash would only leave a killed run's
    temporary files in the second until the next run: never a second sweep), and the
    device of the last few made."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # A dict, not a set: for tens of thousands of keys its table is a fraction of a
        # set's, and a run has a directory per entity.
        self._swept: dict[int, None] = {}
        self._devices: OrderedDict[str, int] = OrderedDict()

    def sweep(self, directory: Path) -> None:
        """Removes stale temporary files from `directory`, the first time only."""
        key = hash(str(directory))
        with self._lock:
            if key not in self._swept:
                self._swept[key] = None
                remove_stale_temps(directory)

    def forget(self) -> None:
        """Drops what is remembered, once the run writes no more files."""
        with self._lock:
            self._swept = {}
            self._devices.clear()

    def make(self, directory: Path) -> int:
        """Makes `directory` ready for this run's temporary files (swept, and created), and
        returns the device it is on."""
        key = str(directory)
        with self._lock:
            device = self._devices.get(key)
            if device is not None:
                self._devices.move_to_end(key)
                return device
        self.sweep(directory)
        make_directory(directory)
        device = directory.stat().st_dev
        with self._lock:
            self._devices[key] = device
            if len(self._devices) > _DEVICES_KEPT:
                self._devices.popitem(last=False)
        return device

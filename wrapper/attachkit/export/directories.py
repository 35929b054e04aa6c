"""The entity directories of one run, each swept once of what a killed run left behind.

A killed run can leave temporary files; the run holds the export lock, so no live save
owns them. A directory is swept before this run creates its own temporary files there,
and only then: sweeping later would delete a file being written.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..saving import TEMP_PREFIX, make_directory

__all__ = ["Directories", "remove_stale_temps"]


def remove_stale_temps(directory: Path) -> int:
    """Deletes the temporary files in `directory`; returns how many went."""
    removed = 0
    try:
        leftovers = list(directory.glob(f"{TEMP_PREFIX}*.part"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            leftover.unlink()
        except OSError:
            continue
        removed += 1
    return removed


class Directories:
    """Called from worker threads (the batch writer and large downloads), so it locks.

    Directories are remembered by their text (a run has one per entity, and a `Path` costs
    several times its text)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._swept: set[str] = set()
        self._devices: dict[str, int] = {}

    def sweep(self, directory: Path) -> None:
        """Removes stale temporary files from `directory`, the first time only."""
        key = str(directory)
        with self._lock:
            if key not in self._swept:
                self._swept.add(key)
                remove_stale_temps(directory)

    def make(self, directory: Path) -> int:
        """Makes `directory` ready for this run's temporary files (swept, and created), and
        returns the device it is on."""
        device = self._devices.get(str(directory))
        if device is None:
            self.sweep(directory)
            make_directory(directory)
            device = directory.stat().st_dev
            with self._lock:
                self._devices[str(directory)] = device
        return device

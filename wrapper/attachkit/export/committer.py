"""Saving and recording finished downloads in batches, while the downloads go on.

Workers hand each outcome over and go on to their next request. One task takes whatever
has piled up since its last batch and writes it in one worker-thread call (batch.py);
only after that are the outcomes reported, so nothing is reported saved before it is
saved and recorded. Handing over waits while too much is pending, which bounds memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anyio
import anyio.to_thread

from .batch import FileError, Pending, write_batch
from .directories import Directories
from .manifest import Manifest

__all__ = ["Committer"]

# At most this many outcomes (and bytes of files held in memory) wait for a batch.
_MAX_PENDING = 512
_MAX_PENDING_BYTES = 64 * 1024 * 1024

Done = Callable[[Pending, FileError | None], None]


class Committer:
    def __init__(self, manifest: Manifest, directories: Directories, done: Done) -> None:
        self._manifest = manifest
        self._directories = directories
        self._done = done
        self._pending: list[Pending] = []
        self._sweeps: list[Path] = []
        self._held_bytes = 0
        self._closed = False
        self._arrived = anyio.Event()
        self._room = anyio.Event()

    def sweep(self, directory: Path) -> None:
        """Asks for `directory` to be swept of a killed run's temporary files. That waits
        for the next batch: a directory that gets files is swept before them anyway."""
        self._sweeps.append(directory)

    async def submit(self, item: Pending) -> None:
        """Queues an outcome for the next batch; waits while the queue is full."""
        while self._pending and (
            len(self._pending) >= _MAX_PENDING or self._held_bytes >= _MAX_PENDING_BYTES
        ):
            room = self._room
            await room.wait()
        self._pending.append(item)
        self._held_bytes += len(item.data or b"")
        self._arrived.set()

    def close(self) -> None:
        """No more outcomes: `run` returns once the queue is written."""
        self._closed = True
        self._arrived.set()

    async def run(self) -> None:
        while True:
            if not self._pending and not (self._closed and self._sweeps):
                if self._closed:
                    return
                arrived = self._arrived = anyio.Event()
                await arrived.wait()
                continue
            batch, self._pending = self._pending, []
            sweeps, self._sweeps = self._sweeps, []
            errors = await anyio.to_thread.run_sync(self._write, sweeps, batch)
            self._held_bytes -= sum(len(item.data or b"") for item in batch)
            self._room.set()
            self._room = anyio.Event()
            for item, error in zip(batch, errors, strict=True):
                self._done(item, error)

    def _write(self, sweeps: list[Path], batch: list[Pending]) -> list[FileError | None]:
        for directory in sweeps:
            self._directories.sweep(directory)
        return write_batch(batch, self._manifest, self._directories)

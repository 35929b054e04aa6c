"""A one-line progress bar on stderr, redrawn in place with a carriage return."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from ..export import ExportProgress
from .console import human_size

__all__ = ["ProgressBar", "render"]

_WIDTH = 24


def render(progress: ExportProgress) -> str:
    """E.g. `[##########--------------] 40/96 entities  118/230 files  2 failed  1.2 MB`.

    The bar follows entities when their number is known (files are only known once their
    entity is listed), else files."""
    total = progress.entities_total
    if total:
        fraction = progress.entities_done / total
        entities = f"{progress.entities_done}/{total} entities"
    else:
        fraction = progress.files_done / progress.files_total if progress.files_total else 0.0
        entities = f"{progress.entities_done} entities"
    filled = min(_WIDTH, int(fraction * _WIDTH))
    bar = "#" * filled + "-" * (_WIDTH - filled)
    parts = [f"[{bar}]", entities, f"{progress.files_done}/{progress.files_total} files"]
    if progress.failed:
        parts.append(f"{progress.failed} failed")
    parts.append(human_size(progress.bytes_saved))
    return "  ".join(parts)


class ProgressBar:
    """A progress callback for `export_files`; redraws at most every `interval` seconds."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._last_draw: float | None = None
        self._last: ExportProgress | None = None
        self._width = 0

    def __call__(self, progress: ExportProgress) -> None:
        self._last = progress
        now = self._clock()
        if self._last_draw is None or now - self._last_draw >= self._interval:
            self._last_draw = now
            self._draw(progress)

    def _draw(self, progress: ExportProgress) -> None:
        line = render(progress)
        # Pad over what a longer previous line left on screen.
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = len(line)

    def finish(self) -> None:
        """Draws the final state and ends the line."""
        if self._last is not None:
            self._draw(self._last)
            self._stream.write("\n")
            self._stream.flush()

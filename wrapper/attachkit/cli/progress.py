"""A one-line progress bar on stderr, redrawn in place with a carriage return."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

import attrs

from .._core.runlog import WAIT_FIELD
from ..export import ExportProgress
from .console import human_size

__all__ = ["ProgressBar", "render", "waits_shown"]

_BAR_WIDTH = 24
_NOTHING_YET = ExportProgress(
    entities_total=None,
    entities_done=0,
    files_total=0,
    files_done=0,
    saved=0,
    skipped=0,
    failed=0,
    bytes_saved=0,
)


def _fraction(progress: ExportProgress) -> float:
    """Files done of the files there will be. While entities are still being listed, the
    files known so far are a floor: the total is estimated from the entities listed (of
    those found so far, while they are being discovered: then the bar is never full)."""
    if progress.discovering:
        found = attrs.evolve(progress, entities_total=progress.entities_found, discovering=False)
        return min(_fraction(found), 1 - 1 / _BAR_WIDTH)
    expected = progress.files_total
    total, done = progress.entities_total, progress.entities_done
    if total and 0 < done < total:
        expected = max(expected, round(progress.files_total * total / done))
    elif total and done == 0:
        return 0.0
    return min(1.0, progress.files_done / expected) if expected else float(done == total)


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def render(
    progress: ExportProgress,
    *,
    width: int = 80,
    rate: float | None = None,
    eta: float | None = None,
    waiting: str | None = None,
) -> str:
    """E.g. `[######------------------] 118/3017 files  1.2/45.0 MB  3.1 MB/s  ETA 0:14  2 failed`,
    at most `width` characters: what does not fit is left out, least useful first."""
    filled = min(_BAR_WIDTH, int(_fraction(progress) * _BAR_WIDTH))
    bar = "[" + "#" * filled + "-" * (_BAR_WIDTH - filled) + "]"
    files = f"{progress.files_done}/{progress.files_total} files"
    if progress.discovering:
        found = f"{progress.entities_found:,}"
        files += f" ({progress.entities_done} listed, {found} found so far)"
    elif progress.entities_total is not None and progress.entities_done < progress.entities_total:
        files += f" ({progress.entities_done}/{progress.entities_total} listed)"
    size = human_size(progress.bytes_saved)
    if progress.bytes_total:
        size = f"{size}/{human_size(progress.bytes_total)}"
    parts = [bar, files, size]
    if waiting is not None:
        parts.append(waiting)
    if progress.failed:
        parts.append(f"{progress.failed} failed")
    if rate is not None:
        parts.append(f"{human_size(int(rate))}/s")
    if eta is not None:
        parts.append(f"ETA {_duration(eta)}")
    # Least useful first: the rate, the size, the bar itself.
    for drop in (f"{human_size(int(rate))}/s" if rate is not None else None, size, bar):
        if len("  ".join(parts)) <= width:
            break
        if drop in parts:
            parts.remove(drop)
    return "  ".join(parts)[:width]


class ProgressBar:
    """A progress callback for `export_files`; redraws at most every `interval` seconds, in
    the terminal's width, with the byte rate and an ETA once files are being saved.
    `waiting()` shows a wait (a quota, a rate limit) until the next update."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        width: int | None = None,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._width = width
        self._started = clock()
        self._last_draw: float | None = None
        self._last: ExportProgress | None = None
        self._waiting: str | None = None
        self._drawn = 0

    def __call__(self, progress: ExportProgress) -> None:
        self._last = progress
        self._waiting = None
        now = self._clock()
        if self._last_draw is None or now - self._last_draw >= self._interval:
            self._last_draw = now
            self._draw(progress)

    def waiting(self, seconds: float, reason: str) -> None:
        """Shows that the run waits `seconds` for `reason`, drawn at once."""
        self._waiting = f"waiting {seconds:.0f} s ({reason})"
        self._draw(self._last or _NOTHING_YET)

    def _estimates(self, progress: ExportProgress) -> tuple[float | None, float | None]:
        elapsed = self._clock() - self._started
        if elapsed <= 0 or progress.files_done == 0:
            return None, None
        rate = progress.bytes_saved / elapsed
        left_files = progress.files_total - progress.files_done
        if progress.bytes_total and rate > 0:
            eta = max(0, progress.bytes_total - progress.bytes_saved) / rate
        else:
            eta = left_files * elapsed / progress.files_done
        complete = (
            progress.entities_total is not None
            and progress.entities_done >= progress.entities_total
        )
        return rate, eta if complete else None  # unknown files to come make an ETA a guess

    def _draw(self, progress: ExportProgress) -> None:
        width = self._width or shutil.get_terminal_size(fallback=(80, 24)).columns
        rate, eta = self._estimates(progress)
        line = render(progress, width=width - 1, rate=rate, eta=eta, waiting=self._waiting)
        # Pad over what a longer previous line left on screen.
        self._stream.write("\r" + line.ljust(self._drawn))
        self._stream.flush()
        self._drawn = len(line)

    def clear(self) -> None:
        """Blanks the bar, so that a line written next starts on a clear line."""
        if self._drawn:
            self._stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0

    def redraw(self) -> None:
        """Draws the bar again after `clear`."""
        if self._last is not None or self._waiting is not None:
            self._draw(self._last or _NOTHING_YET)

    def finish(self) -> None:
        """Draws the final state and ends the line."""
        if self._last is not None:
            self._waiting = None
            self._draw(self._last)
            self._stream.write("\n")
            self._stream.flush()


class _WaitHandler(logging.Handler):
    def __init__(self, show: Callable[[float, str], object]) -> None:
        super().__init__(logging.INFO)
        self._show = show

    def emit(self, record: logging.LogRecord) -> None:
        wait = getattr(record, WAIT_FIELD, None)
        if wait is not None:
            seconds, reason = wait
            self._show(seconds, reason)


@contextmanager
def waits_shown(show: Callable[[float, str], object]) -> Iterator[None]:
    """Calls `show(seconds, reason)` whenever a client waits (a quota's Retry-After, a rate
    limit, pacing over a second, a retry's backoff), while the block runs. The library
    reports its waits as INFO log records; they are made for this block even when logging
    is otherwise off."""
    logger = logging.getLogger("attachkit")
    handler = _WaitHandler(show)
    level = logger.level
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

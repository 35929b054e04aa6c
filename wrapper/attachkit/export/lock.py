"""One export at a time per directory: two runs would race on the manifest and on files."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from ..errors import AttachkitError

__all__ = ["LOCK_NAME", "DirectoryLock", "ExportLockedError"]

LOCK_NAME = ".attachkit-export.lock"


class ExportLockedError(AttachkitError):
    """Another export is writing to the same directory."""


class DirectoryLock:
    """An exclusive, non-blocking lock on `<directory>/.attachkit-export.lock`.

    The operating system drops it when the process dies, so a killed run never leaves the
    directory locked. The lock file itself stays (removing it would race with a new run).
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in _HELD_ELSEWHERE:
                # No locks on this file system, or no lock left: not another export.
                raise OSError(
                    exc.errno, f"cannot lock {self.path.parent} ({self.path.name}): {exc.strerror}"
                ) from None
            raise ExportLockedError(
                f"another export is running in {self.path.parent} (lock: {self.path.name})"
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None

    def __enter__(self) -> DirectoryLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    # msvcrt.locking answers a region locked by another process with EACCES (or EDEADLK).
    _HELD_ELSEWHERE = frozenset({errno.EACCES, errno.EDEADLK})

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    # flock with LOCK_NB: "the file is locked and LOCK_NB was selected" is EWOULDBLOCK.
    _HELD_ELSEWHERE = frozenset({errno.EWOULDBLOCK, errno.EAGAIN})

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

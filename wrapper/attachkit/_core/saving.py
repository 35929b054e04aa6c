"""Writing a download to disk atomically: a failure never leaves a partial file behind.

Bytes go to a hidden temporary file in the target directory, are flushed to disk, and only
then get the final name. The file is created with the usual permissions (0o666 less the
process umask), as `open()` would. Without `overwrite`, an existing file keeps its name and the new
one is numbered ("a (1).pdf"); the final name is claimed with a hard link, which fails
rather than replaces if another writer took the name first.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from contextlib import suppress
from pathlib import Path

import anyio
import anyio.to_thread

from ..errors import UnsafePathError
from .filenames import numbered

__all__ = [
    "TEMP_PREFIX",
    "async_save_chunks",
    "async_write_temp",
    "claim",
    "create_temp",
    "discard",
    "fsync_directory",
    "gather",
    "make_directory",
    "save_chunks",
]

TEMP_PREFIX = ".attachkit-"
# Files up to this size are gathered in memory and written in one go.
_GATHERED_BYTES = 1024 * 1024
_WRITEBACK_BYTES = 8 * 1024 * 1024
# Linux starts writeback of dirty pages on POSIX_FADV_DONTNEED; elsewhere this is skipped.
_FADVISE: int | None = getattr(os, "POSIX_FADV_DONTNEED", None)
_MAX_NUMBERED = 10_000


_TEMP_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
)


def make_directory(directory: Path) -> None:
    """Creates `directory` (and its parents) unless it exists; it must be a directory."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise UnsafePathError(f"{directory} exists and is not a directory") from exc
    if not directory.is_dir():
        raise UnsafePathError(f"{directory} is not a directory")


def create_temp(directory: Path) -> tuple[int, Path]:
    """A new temporary file in the existing `directory`, open for writing: (fd, path)."""
    # Not tempfile.mkstemp: its files are private (0o600), and that mode would stay.
    for _attempt in range(100):
        temp = directory / f"{TEMP_PREFIX}{secrets.token_hex(8)}.part"
        try:
            return os.open(temp, _TEMP_FLAGS, 0o666), temp
        except FileExistsError:
            continue
    raise UnsafePathError(f"no free temporary name in {directory}")


def _open_temp(directory: Path) -> tuple[int, Path]:
    make_directory(directory)
    return create_temp(directory)


def claim(temp: Path, directory: Path, name: str, overwrite: bool) -> Path:
    """Gives `temp` its final name in `directory` and returns that path."""
    if Path(name).name != name or name in ("", ".", ".."):
        raise UnsafePathError(f"not a plain file name: {name!r}")
    if overwrite:
        target = directory / name
        try:
            os.replace(temp, target)
        except OSError as exc:
            if target.is_dir():
                raise UnsafePathError(f"{target} is a directory") from exc
            raise
        return target
    for number in range(_MAX_NUMBERED):
        target = directory / (name if number == 0 else numbered(name, number))
        try:
            os.link(temp, target)
        except FileExistsError:
            continue
        except OSError:
            # No hard links on this filesystem: check, then rename (racy, but no clobber
            # unless another writer picks the same name in between).
            if target.exists():
                continue
            os.replace(temp, target)
            return target
        temp.unlink()
        return target
    raise UnsafePathError(f"no free name for {name!r} in {directory}")


def discard(temp: Path) -> None:
    with suppress(FileNotFoundError):
        temp.unlink()


def fsync_directory(directory: Path) -> None:
    """Makes renames in `directory` durable on POSIX; Windows cannot open directories, and
    needs no call."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def start_writeback(fd: int, start: int, length: int) -> None:
    """Asks the kernel to begin writing this range to disk now, without waiting, so that
    the final fsync of a large file has little left to do."""
    if _FADVISE is not None:
        os.posix_fadvise(fd, start, length, _FADVISE)


def save_chunks(chunks: Iterable[bytes], directory: Path, name: str, overwrite: bool) -> Path:
    fd, temp = _open_temp(directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            flushed = written = 0
            for chunk in chunks:
                handle.write(chunk)
                written += len(chunk)
                if written - flushed >= _WRITEBACK_BYTES:
                    handle.flush()
                    start_writeback(fd, flushed, written - flushed)
                    flushed = written
            handle.flush()
            os.fsync(handle.fileno())
        return claim(temp, directory, name, overwrite)
    except BaseException:
        discard(temp)
        raise


async def gather(chunks: AsyncIterator[bytes], limit: int = _GATHERED_BYTES) -> tuple[bytes, bool]:
    """Reads `chunks` until more than `limit` bytes arrived: (those bytes, whether that was
    all of them). The rest stays in `chunks`."""
    parts: list[bytes] = []
    gathered = 0
    async for chunk in chunks:
        parts.append(chunk)
        gathered += len(chunk)
        if gathered > limit:
            return b"".join(parts), False
    return b"".join(parts), True


async def async_write_temp(
    head: bytes,
    rest: AsyncIterator[bytes],
    directory: Path,
    open_temp: Callable[[Path], tuple[int, Path]] = _open_temp,
) -> Path:
    """Streams `head` then `rest` into a new temporary file in `directory` (opened by
    `open_temp`) and flushes it to disk. Returns its path, for `claim` or `discard`; on
    failure nothing is left behind."""
    fd, temp = await anyio.to_thread.run_sync(open_temp, directory)
    try:
        async with await anyio.open_file(fd, "wb") as handle:
            await handle.write(head)
            flushed, written = 0, len(head)
            del head
            async for chunk in rest:
                await handle.write(chunk)
                written += len(chunk)
                if written - flushed >= _WRITEBACK_BYTES:
                    await handle.flush()
                    await anyio.to_thread.run_sync(start_writeback, fd, flushed, written - flushed)
                    flushed = written
            await handle.flush()
            await anyio.to_thread.run_sync(os.fsync, fd)
    except BaseException:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(discard, temp)
        raise
    return temp


async def async_save_chunks(
    chunks: AsyncIterable[bytes], directory: Path, name: str, overwrite: bool
) -> Path:
    # Most attachments are small: gather them and write in one worker-thread call, instead
    # of a thread hop for each of open, write, flush, fsync and rename.
    iterator = aiter(chunks)
    head, complete = await gather(iterator)
    if complete:
        return await anyio.to_thread.run_sync(save_chunks, (head,), directory, name, overwrite)
    temp = await async_write_temp(head, iterator, directory)
    try:
        return await anyio.to_thread.run_sync(claim, temp, directory, name, overwrite)
    except BaseException:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(discard, temp)
        raise

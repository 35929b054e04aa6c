"""Downloading one attachment with its SHA-256 taken on the way, and checking a saved one.

A download is not saved here: small files stay in memory and large ones go to a
temporary file, and the batch writer (batch.py) gives them their names. The client holds
each download to its listing (`attachkit.delivery`): one that is not the listed file
raises, and nothing of it is kept.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import anyio
import anyio.to_thread
import attrs

from .._core.saving import async_write_temp, discard, gather
from ..attachment import Attachment
from ..errors import SizeMismatchError
from .listing import ExportClient

__all__ = ["Downloaded", "IncompleteDownloadError", "download", "match_all", "verify_all"]

_READ_SIZE = 1024 * 1024
StrPath = str | os.PathLike[str]
_VERIFY_BYTES = 64 * 1024 * 1024


IncompleteDownloadError = SizeMismatchError
"""The earlier name of `attachkit.errors.SizeMismatchError`, which the export raises now."""


@attrs.frozen
class Downloaded:
    """A whole download: its bytes (`data`), or a temporary file already flushed to disk
    (`temp`) when it was too large to keep in memory."""

    size: int
    sha256: str
    data: bytes | None = None
    temp: Path | None = None


async def download(
    client: ExportClient,
    attachment: Attachment,
    directory: Path,
    *,
    open_temp: Callable[[Path], tuple[int, Path]],
) -> Downloaded:
    """Downloads the attachment; a large one goes to a temporary file in `directory`
    (opened by `open_temp`). Keeps nothing when the download fails or is not the listed
    file (`errors.ContentMismatchError`)."""
    digest = hashlib.sha256()
    received = 0

    async def hashed(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        nonlocal received
        async for chunk in chunks:
            digest.update(chunk)
            received += len(chunk)
            yield chunk

    data: bytes | None = None
    temp: Path | None = None
    try:
        async with client.open(attachment) as chunks:
            head, complete = await gather(chunks)
            digest.update(head)
            received = len(head)
            if complete:
                data = head
            else:
                temp = await async_write_temp(head, hashed(chunks), directory, open_temp)
            del head
    except BaseException:
        if temp is not None:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(discard, temp)
        raise
    return Downloaded(size=received, sha256=digest.hexdigest(), data=data, temp=temp)


def _matches(path: StrPath, size: int, sha256: str | None) -> bool:
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size != size:
            return False
        if sha256 is None:
            return True
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(_READ_SIZE):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == sha256


def match_all(files: Sequence[tuple[StrPath, int, str | None]]) -> list[bool]:
    """For each (path, size, SHA-256 or None for size only): whether the file holds that,
    checked in the calling thread."""
    return [_matches(path, size, sha256) for path, size, sha256 in files]


async def verify_all(files: Sequence[tuple[StrPath, int, str | None]]) -> list[bool]:
    """For each (path, size, SHA-256 or None for size only): whether the file holds that.
    Checked in a worker thread, a bounded share of the bytes per hop so that cancelling
    does not wait for a long one."""
    results: list[bool] = []
    start = 0
    while start < len(files):
        end, size = start, 0
        while end < len(files) and (end == start or size + files[end][1] <= _VERIFY_BYTES):
            size += files[end][1]
            end += 1
        results += await anyio.to_thread.run_sync(match_all, files[start:end])
        start = end
    return results

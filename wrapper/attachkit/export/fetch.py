"""Saving one attachment with its SHA-256 taken on the way, and checking a saved one."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from pathlib import Path

import anyio.to_thread
import attrs

from ..attachment import Attachment
from ..errors import AttachkitError
from ..saving import TEMP_PREFIX, async_save_chunks
from .sources import ExportClient

__all__ = ["IncompleteDownloadError", "Saved", "remove_stale_temps", "save_attachment", "verify"]

_READ_SIZE = 1024 * 1024


class IncompleteDownloadError(AttachkitError):
    """The bytes received do not add up to the size the vendor listed."""


@attrs.frozen
class Saved:
    size: int
    sha256: str


async def save_attachment(
    client: ExportClient, attachment: Attachment, target: Path, *, exact_size: bool
) -> Saved:
    """Streams the attachment into `target` (replacing it) through the facade's atomic
    save; nothing appears under `target` unless every byte arrived."""
    digest = hashlib.sha256()
    received = 0
    expected = attachment.size if exact_size else None

    async def hashed(chunks: AsyncIterator[bytes]) -> AsyncGenerator[bytes, None]:
        nonlocal received
        async for chunk in chunks:
            digest.update(chunk)
            received += len(chunk)
            yield chunk
        # Raised before the temporary file gets its name, so a short file is discarded.
        if expected is not None and received != expected:
            raise IncompleteDownloadError(
                f"{attachment.vendor}: received {received} bytes of {attachment.name!r}, "
                f"the vendor lists {expected}"
            )

    async with client.open(attachment) as chunks, aclosing(hashed(chunks)) as stream:
        await async_save_chunks(stream, target.parent, target.name, overwrite=True)
    return Saved(size=received, sha256=digest.hexdigest())


def _matches(path: Path, size: int, sha256: str | None) -> bool:
    try:
        if not path.is_file() or path.stat().st_size != size:
            return False
        if sha256 is None:
            return True
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_READ_SIZE):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == sha256


async def verify(path: Path, size: int, sha256: str | None) -> bool:
    """True when `path` holds `size` bytes with this SHA-256 (None: size only)."""
    return await anyio.to_thread.run_sync(_matches, path, size, sha256)


def remove_stale_temps(directory: Path) -> int:
    """Deletes temporary files a killed run left in `directory`; the caller holds the
    export lock, so no live save owns them. Returns how many went."""
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

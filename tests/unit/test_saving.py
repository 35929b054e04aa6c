"""Atomic saves: the whole file under its final name, or nothing at all."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import pytest

from attachkit._core.saving import async_save_chunks, save_chunks
from attachkit.errors import UnsafePathError


class Broken(Exception):
    pass


def chunks(*parts: bytes) -> Iterator[bytes]:
    yield from parts


def breaking(*parts: bytes, error: BaseException | None = None) -> Iterator[bytes]:
    yield from parts
    raise error or Broken("the download broke off")


def names(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_writes_the_chunks_under_the_name(tmp_path: Path) -> None:
    path = save_chunks(chunks(b"ab", b"", b"cd"), tmp_path, "a.pdf", overwrite=False)
    assert path == tmp_path / "a.pdf"
    assert path.read_bytes() == b"abcd"
    assert names(tmp_path) == ["a.pdf"]


def test_creates_missing_directories(tmp_path: Path) -> None:
    path = save_chunks(chunks(b"x"), tmp_path / "new" / "deeper", "a.pdf", overwrite=False)
    assert path.read_bytes() == b"x"


def test_an_empty_file_is_saved(tmp_path: Path) -> None:
    assert save_chunks(chunks(), tmp_path, "empty.txt", overwrite=False).read_bytes() == b""


def test_collisions_are_numbered(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"first")
    second = save_chunks(chunks(b"second"), tmp_path, "a.pdf", overwrite=False)
    third = save_chunks(chunks(b"third"), tmp_path, "a.pdf", overwrite=False)
    no_extension = save_chunks(chunks(b"x"), tmp_path, "a", overwrite=False)
    again = save_chunks(chunks(b"y"), tmp_path, "a", overwrite=False)
    assert (second.name, third.name, no_extension.name, again.name) == (
        "a (1).pdf",
        "a (2).pdf",
        "a",
        "a (1)",
    )
    assert (tmp_path / "a.pdf").read_bytes() == b"first"
    assert second.read_bytes() == b"second"


def test_a_directory_with_the_name_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").mkdir()
    assert save_chunks(chunks(b"x"), tmp_path, "a.pdf", overwrite=False).name == "a (1).pdf"
    with pytest.raises(UnsafePathError, match="is a directory"):
        save_chunks(chunks(b"x"), tmp_path, "a.pdf", overwrite=True)
    assert names(tmp_path) == ["a (1).pdf", "a.pdf"]


def test_overwrite_replaces(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"old")
    path = save_chunks(chunks(b"new"), tmp_path, "a.pdf", overwrite=True)
    assert path == tmp_path / "a.pdf"
    assert path.read_bytes() == b"new"
    assert names(tmp_path) == ["a.pdf"]


def test_overwrite_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "a.txt").symlink_to(outside)
    save_chunks(chunks(b"new"), inside, "a.txt", overwrite=True)
    assert outside.read_bytes() == b"keep"
    assert not (inside / "a.txt").is_symlink()
    assert (inside / "a.txt").read_bytes() == b"new"


@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize(
    "error", [Broken("broke off"), KeyboardInterrupt(), OSError(28, "No space left on device")]
)
def test_a_failure_mid_stream_leaves_nothing_behind(
    tmp_path: Path, overwrite: bool, error: BaseException
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(type(error)):
        save_chunks(breaking(b"partial", error=error), tmp_path, "a.pdf", overwrite=overwrite)
    assert names(tmp_path) == ["a.pdf"]
    assert (tmp_path / "a.pdf").read_bytes() == b"old"


@pytest.mark.parametrize("name", ["", ".", "..", "a/b.pdf", "../a.pdf", "/etc/passwd"])
def test_only_plain_names_are_accepted(tmp_path: Path, name: str) -> None:
    target = tmp_path / "target"
    with pytest.raises(UnsafePathError):
        save_chunks(chunks(b"x"), target, name, overwrite=False)
    assert names(target) == []
    assert names(tmp_path) == ["target"]


def test_the_directory_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"keep")
    with pytest.raises(UnsafePathError):
        save_chunks(chunks(b"x"), blocker, "a.pdf", overwrite=False)
    with pytest.raises(UnsafePathError):
        save_chunks(chunks(b"x"), blocker / "below", "a.pdf", overwrite=False)
    assert blocker.read_bytes() == b"keep"
    assert names(tmp_path) == ["file"]


def test_unsafe_path_error_is_a_value_error() -> None:
    assert issubclass(UnsafePathError, ValueError)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_the_file_gets_the_usual_permissions(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        path = save_chunks(chunks(b"x"), tmp_path, "a.pdf", overwrite=False)
        numbered = save_chunks(chunks(b"x"), tmp_path, "a.pdf", overwrite=False)
        replaced = save_chunks(chunks(b"x"), tmp_path, "a.pdf", overwrite=True)
    finally:
        os.umask(previous)
    for saved in (path, numbered, replaced):
        assert stat.S_IMODE(saved.stat().st_mode) == 0o666 & ~umask


async def async_chunks(*parts: bytes, fail: bool = False) -> AsyncIterator[bytes]:
    for part in parts:
        yield part
    if fail:
        raise Broken("the download broke off")


@pytest.mark.anyio
async def test_async_save(tmp_path: Path) -> None:
    first = await async_save_chunks(async_chunks(b"ab", b"cd"), tmp_path, "a.pdf", False)
    second = await async_save_chunks(async_chunks(b"ef"), tmp_path, "a.pdf", False)
    replaced = await async_save_chunks(async_chunks(b"gh"), tmp_path, "a.pdf", True)
    assert (first.name, second.name, replaced) == ("a.pdf", "a (1).pdf", first)
    assert await anyio.Path(first).read_bytes() == b"gh"
    assert await anyio.Path(second).read_bytes() == b"ef"


@pytest.mark.anyio
async def test_async_failure_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(Broken):
        await async_save_chunks(async_chunks(b"partial", fail=True), tmp_path, "a.pdf", False)
    assert [path async for path in anyio.Path(tmp_path).iterdir()] == []


@pytest.mark.anyio
async def test_async_cancellation_leaves_nothing_behind(tmp_path: Path) -> None:
    started = anyio.Event()

    async def endless() -> AsyncIterator[bytes]:
        yield b"partial"
        started.set()
        await anyio.sleep_forever()
        yield b"never"

    async with anyio.create_task_group() as group:
        group.start_soon(async_save_chunks, endless(), tmp_path, "a.pdf", False)
        await started.wait()
        group.cancel_scope.cancel()
    assert [path async for path in anyio.Path(tmp_path).iterdir()] == []


@pytest.mark.anyio
async def test_async_save_into_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    await anyio.Path(blocker).write_bytes(b"keep")
    with pytest.raises(UnsafePathError):
        await async_save_chunks(async_chunks(b"x"), blocker, "a.pdf", False)


def _large_parts() -> list[bytes]:
    # Past the writeback step (8 MiB) twice, in uneven chunks, each chunk distinct.
    return [bytes([index]) * (3 * 1024 * 1024 + index) for index in range(7)]


def test_a_large_file_is_saved_whole(tmp_path: Path) -> None:
    parts = _large_parts()
    path = save_chunks(iter(parts), tmp_path, "big.bin", overwrite=False)
    assert path.read_bytes() == b"".join(parts)
    assert [entry.name for entry in tmp_path.iterdir()] == ["big.bin"]


@pytest.mark.anyio
async def test_a_large_file_is_saved_whole_async(tmp_path: Path) -> None:
    parts = _large_parts()
    path = await async_save_chunks(async_chunks(*parts), tmp_path, "big.bin", overwrite=False)
    assert await anyio.Path(path).read_bytes() == b"".join(parts)
    assert [entry.name async for entry in anyio.Path(tmp_path).iterdir()] == ["big.bin"]

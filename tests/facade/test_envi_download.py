"""Envi downloads: bytes, streaming, atomic saves with safe names, files without content."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.lowlevel
import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit._core.filenames import MAX_NAME_BYTES
from attachkit._core.saving import TEMP_PREFIX
from attachkit.envi import EnviClient
from attachkit_sandbox import FaultRule
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.facade.test_envi_support import (
    INVOICE_NAME,
    NO_CONTENT_STATUSES,
    AsyncStream,
    InProcess,
    Stream,
    async_password_client,
    async_token_client,
    attachment,
    data_requests,
    entries,
    password_client,
    sandbox_file,
    token_client,
)
from tests.support.targets import Target

WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10))}


class Interrupted(Exception):
    """Stands for anything that stops a download from outside attachkit."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def with_content(attachments: list[Attachment]) -> list[Attachment]:
    return [att for att in attachments if att.status not in NO_CONTENT_STATUSES]


def streaming(stream: httpx2.SyncByteStream | httpx2.AsyncByteStream) -> httpx2.Response:
    return httpx2.Response(200, headers={"content-type": "application/pdf"}, stream=stream)


def assert_safe(path: Path, directory: Path) -> None:
    name = path.name
    assert path.parent == directory
    assert not name.startswith(".")
    assert not any(unicodedata.category(char) == "Cc" for char in name)
    assert "/" not in name
    assert "\\" not in name
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.split(".")[0].upper() not in WINDOWS_DEVICES


# --- against the sandbox --------------------------------------------------------------------


@pytest.mark.vcr
def test_download_returns_the_files_bytes(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        files = with_content(list(envi.list_files(ENVI_PO_ID)))
        assert len(files) == 13
        for att in files:
            assert sha256(envi.download(att)) == sandbox_file(att).sha256


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_download_returns_the_files_bytes(envi_target: Target) -> None:
    async with async_password_client(envi_target) as envi:
        files = with_content([att async for att in envi.list_files(ENVI_PO_ID)])
        for att in files[:3]:
            assert sha256(await envi.download(att)) == sandbox_file(att).sha256


@pytest.mark.vcr
def test_open_yields_the_file_in_chunks(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        (photo,) = envi.list_files(ENVI_PO_ID, search="pallet")
        with envi.open(photo, chunk_size=512) as chunks:
            received = list(chunks)
    assert [len(chunk) for chunk in received] == [512] * 8
    assert sha256(b"".join(received)) == sandbox_file(photo).sha256


@pytest.mark.vcr
def test_save_gives_hostile_names_safe_ones_inside_the_directory(
    envi_target: Target, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with password_client(envi_target) as envi:
        files = with_content(list(envi.list_files(ENVI_PO_ID)))
        saved = {att.name: envi.save(att, out) for att in files}
    for att in files:
        assert_safe(saved[att.name], out)
        assert sha256(saved[att.name].read_bytes()) == sandbox_file(att).sha256
    assert sorted(path.name for path in out.iterdir()) == sorted(p.name for p in saved.values())
    assert [path.name for path in tmp_path.iterdir()] == ["out"]
    assert saved["CON.txt"].name == "_CON.txt"
    assert saved["Delivery\x07note.txt"].name == "Delivery_note.txt"
    assert saved[INVOICE_NAME].name == INVOICE_NAME
    assert saved["счёт.pdf"].name == "счёт.pdf"
    (long_name,) = [name for name in saved if len(name) == 300]
    assert saved[long_name].name.startswith("Quarterly usage report")
    assert saved[long_name].suffix == ".csv"
    assert "passwd" in saved["../../etc/passwd"].name


@pytest.mark.vcr
def test_save_numbers_collisions_unless_overwrite(envi_target: Target, tmp_path: Path) -> None:
    (tmp_path / "ocr result.txt").write_bytes(b"kept")
    with password_client(envi_target) as envi:
        (att,) = envi.list_files(ENVI_PO_ID, search="ocr result")
        first = envi.save(att, tmp_path)
        second = envi.save(att, tmp_path)
        assert (tmp_path / "ocr result.txt").read_bytes() == b"kept"
        replaced = envi.save(att, tmp_path, overwrite=True)
    assert [first.name, second.name] == ["ocr result (1).txt", "ocr result (2).txt"]
    assert replaced == tmp_path / "ocr result.txt"
    content = sandbox_file(att).content()
    assert {path.read_bytes() for path in (first, second, replaced)} == {content}
    assert len(list(tmp_path.iterdir())) == 3


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_save_writes_the_file(envi_target: Target, tmp_path: Path) -> None:
    async with async_password_client(envi_target) as envi:
        atts = [att async for att in envi.list_files(ENVI_PO_ID, search="ocr result")]
        path = await envi.save(atts[0], tmp_path, filename="../result.txt")
        again = await envi.save(atts[0], tmp_path, filename="../result.txt")
    assert [path.name, again.name] == ["_result.txt", "_result (1).txt"]
    assert await anyio.Path(path).read_bytes() == sandbox_file(atts[0]).content()


@pytest.mark.vcr
def test_files_without_content_raise_content_unavailable(
    envi_target: Target, tmp_path: Path
) -> None:
    with password_client(envi_target) as envi:
        empty = [att for att in envi.list_files(ENVI_PO_ID) if att.status in NO_CONTENT_STATUSES]
        assert sorted(att.status or "" for att in empty) == sorted(NO_CONTENT_STATUSES)
        for att in empty:
            with pytest.raises(errors.ContentUnavailableError) as caught:
                envi.save(att, tmp_path / "out")
            assert (caught.value.vendor, caught.value.file_id) == ("envi", att.id)
            assert caught.value.status == att.status
            with pytest.raises(errors.ContentUnavailableError):
                envi.download(att)
    assert not (tmp_path / "out").exists()


# --- streaming and failures (hand-made responses) ---------------------------------------------


def test_open_streams_the_body_as_it_arrives() -> None:
    stream = Stream([b"aaaa", b"bbbb", b"cccc"])
    produced_when_received = []
    with (
        token_client(lambda request: streaming(stream)) as envi,
        envi.open(attachment(), chunk_size=4) as chunks,
    ):
        for _chunk in chunks:
            produced_when_received.append(stream.produced)
    assert produced_when_received == [1, 2, 3]
    assert stream.closed


@pytest.mark.anyio
async def test_async_open_streams_the_body_as_it_arrives() -> None:
    stream = AsyncStream([b"aaaa", b"bbbb", b"cccc"])
    produced_when_received = []

    async def handler(request: httpx2.Request) -> httpx2.Response:
        return streaming(stream)

    async with (
        async_token_client(handler) as envi,
        envi.open(attachment(), chunk_size=4) as chunks,
    ):
        async for _chunk in chunks:
            produced_when_received.append(stream.produced)
    assert produced_when_received == [1, 2, 3]
    assert stream.closed


def stop_at_the_first_chunk(envi: EnviClient) -> None:
    with envi.open(attachment(), chunk_size=4) as chunks:
        for _chunk in chunks:
            raise Interrupted


def test_open_closes_the_response_when_the_caller_stops() -> None:
    stream = Stream([b"aaaa", b"bbbb", b"cccc"])
    with token_client(lambda request: streaming(stream)) as envi:
        with pytest.raises(Interrupted):
            stop_at_the_first_chunk(envi)
        assert stream.closed
        assert stream.produced == 1


def test_save_writes_a_temporary_file_and_renames_it(tmp_path: Path) -> None:
    seen_midway: list[list[str]] = []

    def look(index: int) -> None:
        if index == 1:
            seen_midway.append(sorted(path.name for path in tmp_path.iterdir()))

    stream = Stream([b"first ", b"second"], before_chunk=look)
    with token_client(lambda request: streaming(stream)) as envi:
        path = envi.save(attachment(), tmp_path)
    ((temporary,),) = seen_midway
    assert temporary.startswith(TEMP_PREFIX)
    assert temporary.endswith(".part")
    assert [p.name for p in tmp_path.iterdir()] == ["Packing slip.pdf"]
    assert path.read_bytes() == b"first second"


FAILURES = [
    pytest.param(
        httpx2.RemoteProtocolError("peer closed connection"), errors.APIConnectionError, id="drop"
    ),
    pytest.param(Interrupted(), Interrupted, id="interrupted"),
    pytest.param(KeyboardInterrupt(), KeyboardInterrupt, id="ctrl-c"),
]


@pytest.mark.parametrize(("failure", "raised"), FAILURES)
def test_failed_save_leaves_no_partial_or_temporary_file(
    tmp_path: Path, failure: BaseException, raised: type[BaseException]
) -> None:
    (tmp_path / "Packing slip.pdf").write_bytes(b"older copy")
    stream = Stream([b"half of the "], error=failure)
    with token_client(lambda request: streaming(stream)) as envi, pytest.raises(raised):
        envi.save(attachment(), tmp_path, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["Packing slip.pdf"]
    assert (tmp_path / "Packing slip.pdf").read_bytes() == b"older copy"


@pytest.mark.anyio
@pytest.mark.parametrize(("failure", "raised"), FAILURES)
async def test_failed_async_save_leaves_no_partial_or_temporary_file(
    tmp_path: Path, failure: BaseException, raised: type[BaseException]
) -> None:
    async def handler(request: httpx2.Request) -> httpx2.Response:
        return streaming(AsyncStream([b"half of the "], error=failure))

    async with async_token_client(handler) as envi:
        with pytest.raises(raised):
            await envi.save(attachment(), tmp_path)
    assert await entries(tmp_path) == []


@pytest.mark.anyio
async def test_cancelled_async_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    with anyio.CancelScope() as scope:

        class CancelMidway(httpx2.AsyncByteStream):
            async def __aiter__(self) -> AsyncIterator[bytes]:
                yield b"half of the "
                scope.cancel()
                await anyio.lowlevel.checkpoint()
                yield b"file"

        async def handler(request: httpx2.Request) -> httpx2.Response:
            return streaming(CancelMidway())

        async with async_token_client(handler) as envi:
            await envi.save(attachment(), tmp_path)
    assert scope.cancelled_caught
    assert await entries(tmp_path) == []


def test_connection_dropped_by_the_sandbox_leaves_nothing(tmp_path: Path) -> None:
    listing, _ = InProcess().client()
    with listing:
        (photo,) = listing.list_files(ENVI_PO_ID, search="pallet")
    drop = FaultRule("drop", path_prefix=f"/envi/odata/FileAttachments/{photo.id}/content")
    sleeps: list[float] = []
    envi, recorder = InProcess(faults=(drop,)).client(sleep=sleeps.append)
    with envi, pytest.raises(errors.APIConnectionError) as caught:
        envi.save(photo, tmp_path)
    assert caught.value.vendor == "envi"
    assert len(data_requests(recorder.requests)) == 3  # the first try and two retries
    assert len(sleeps) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", [*NO_CONTENT_STATUSES, "deleted"])
def test_no_content_statuses_are_refused_without_a_request(tmp_path: Path, status: str) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"unexpected request {request.url}")

    att = attachment(status=status)
    with token_client(handler) as envi:
        for call in (envi.download, lambda a: envi.save(a, tmp_path)):
            with pytest.raises(errors.ContentUnavailableError) as caught:
                call(att)
            assert caught.value.status == status
        with pytest.raises(errors.ContentUnavailableError), envi.open(att):
            pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.anyio
async def test_async_no_content_statuses_are_refused_without_a_request(tmp_path: Path) -> None:
    async def handler(request: httpx2.Request) -> httpx2.Response:
        raise AssertionError(f"unexpected request {request.url}")

    att = attachment(status="Uploading")
    async with async_token_client(handler) as envi:
        with pytest.raises(errors.ContentUnavailableError):
            await envi.download(att)
        with pytest.raises(errors.ContentUnavailableError):
            await envi.save(att, tmp_path)
    assert await entries(tmp_path) == []

"""`upload_file` on both Altegio clients: what goes out (a streamed multipart body with a
random boundary), what comes back (the new attachment), what is refused before a byte is
sent, and that an upload is never retried once it may have reached the vendor.

The rules checked before sending are those of Altegio's own MCP server
(altegio/altegio-pro-mcp, `src/providers/client-file-upload.ts`): a nonempty file smaller
than 12 MiB, a name of 1-255 characters that is no path and has no control characters,
and one of ten extensions.
"""

from __future__ import annotations

import hashlib
import io
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.altegio.upload import CHUNK_SIZE, MAX_BYTES, MIME_TYPES, prepare_upload
from attachkit.conformance.formdata import parse_form
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_USER_TOKEN,
    ALTEGIO_VIEWER_TOKEN,
)
from tests.facade.test_altegio_client import PARTNER, USER, client, client_file, login_answer
from tests.unit.scripted import Script, Sleeps, json_response

SANDBOX_API = f"{IN_PROCESS_BASE_URL}/altegio"
SANDBOX_WEB = f"{IN_PROCESS_BASE_URL}/altegio-web"
LOCATION, CLIENT = ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID


class Sent(httpx2.BaseTransport):
    """The in-process sandbox, keeping every request with its body, and the sizes of the
    chunks the body was sent in."""

    def __init__(self) -> None:
        self.inner = SandboxTransport(create_app(SandboxConfig(rate_limits=False)))
        self.requests: list[httpx2.Request] = []
        self.chunk_sizes: list[list[int]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        chunks = list(request.stream)  # type: ignore[arg-type]
        body = b"".join(chunks)
        self.chunk_sizes.append([len(chunk) for chunk in chunks])
        copy = httpx2.Request(request.method, request.url, headers=request.headers, content=body)
        self.requests.append(copy)
        return self.inner.handle_request(copy)

    def close(self) -> None:
        self.inner.close()


class Raw(httpx2.BaseTransport):
    """Calls `answer` with the request as the connection would have it: its body not yet
    read (httpx2's MockTransport reads it before answering)."""

    def __init__(self, answer: Callable[[httpx2.Request], httpx2.Response]) -> None:
        self.answer = answer

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.answer(request)


@pytest.fixture
def sent() -> Iterator[Sent]:
    transport = Sent()
    yield transport
    transport.close()


def sandbox_client(transport: httpx2.BaseTransport, user_token: str = ALTEGIO_USER_TOKEN) -> Any:
    return AltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=user_token,
        base_url=SANDBOX_API,
        web_base_url=SANDBOX_WEB,
        transport=transport,
        rate_limits=None,
    )


def _form(request: httpx2.Request) -> tuple[str, str | None, str | None, bytes]:
    """(field, filename, part type, content) of the one part of an upload body."""
    parts = parse_form(request.headers["content-type"], request.content)
    assert parts is not None
    (part,) = parts
    assert part.name is not None
    return part.name, part.filename, part.content_type, part.data


# --- what goes out and what comes back -------------------------------------------------------


def test_a_path_is_streamed_and_the_new_file_comes_back(sent: Sent, tmp_path: Path) -> None:
    data = (
        bytes(range(256)) * 4096 + b"\r\n--+++\r\n--+++--\r\n"
    )  # 1 MiB and the generator's boundary
    path = tmp_path / "consent form.pdf"
    path.write_bytes(data)
    with sandbox_client(sent) as altegio:
        attachment = altegio.upload_file(LOCATION, CLIENT, path)
        listed = list(altegio.list_files(LOCATION, CLIENT))
        downloaded = altegio.download(attachment)
    assert isinstance(attachment, Attachment)
    assert (attachment.vendor, attachment.id, attachment.name) == ("altegio", "500001", path.name)
    assert (attachment.extension, attachment.mime_type) == ("pdf", "application/pdf")
    assert attachment.entity.id == str(CLIENT)
    assert attachment.size is not None
    assert abs(attachment.size - len(data)) < 0.01 * len(data)  # "1 MB": rounded by the vendor
    assert [att.id for att in listed][-1] == "500001"
    assert downloaded == data
    upload = sent.requests[0]
    assert (upload.method, upload.url.path) == (
        "POST",
        f"/altegio/v1/company/{LOCATION}/clients/files/{CLIENT}",
    )
    assert upload.headers["authorization"] == (
        f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_USER_TOKEN}"
    )
    assert upload.headers["accept"] == "application/vnd.api.v2+json"
    assert _form(upload) == ("file", "consent form.pdf", "application/pdf", data)
    assert int(upload.headers["content-length"]) == len(upload.content)
    # Streamed in chunks, never as one piece the size of the file.
    assert max(sent.chunk_sizes[0]) <= CHUNK_SIZE
    assert len(sent.chunk_sizes[0]) > len(data) // CHUNK_SIZE


def test_every_upload_has_a_boundary_of_its_own(sent: Sent) -> None:
    with sandbox_client(sent) as altegio:
        altegio.upload_file(LOCATION, CLIENT, b"one", name="a.txt")
        altegio.upload_file(LOCATION, CLIENT, b"two", name="b.txt")
    boundaries = [request.headers["content-type"] for request in sent.requests]
    assert boundaries[0] != boundaries[1]
    for content_type in boundaries:
        assert content_type.startswith("multipart/form-data; boundary=")
        assert "+++" not in content_type


@pytest.mark.parametrize(
    ("name", "mime_type"),
    [(f"file.{extension}", mime) for extension, mime in MIME_TYPES.items()]
    + [("SIGNED.PDF", "application/pdf"), ("scan.Jpeg", "image/jpeg")],
)
def test_each_allowed_extension_goes_with_its_type(name: str, mime_type: str) -> None:
    checked = prepare_upload(b"x", name)
    assert (checked.name, checked.mime_type, checked.size) == (name, mime_type, 1)


def test_bytes_and_file_objects(sent: Sent, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"HEADER--the notes")
    with sandbox_client(sent) as altegio, path.open("rb") as handle:
        handle.seek(len("HEADER--"))  # sent from where the caller left it
        from_handle = altegio.upload_file(LOCATION, CLIENT, handle)
        from_bytes = altegio.upload_file(LOCATION, CLIENT, bytearray(b"plain"), name="b.txt")
        from_view = altegio.upload_file(LOCATION, CLIENT, memoryview(b"viewed"), name="c.txt")
        in_memory = altegio.upload_file(LOCATION, CLIENT, io.BytesIO(b"memory"), name="d.txt")
    assert [a.name for a in (from_handle, from_bytes, from_view, in_memory)] == [
        "notes.txt",
        "b.txt",
        "c.txt",
        "d.txt",
    ]
    contents = [_form(request)[3] for request in sent.requests]
    assert contents == [b"the notes", b"plain", b"viewed", b"memory"]


def test_the_name_given_wins_and_unicode_names_travel_as_utf8(sent: Sent, tmp_path: Path) -> None:
    path = tmp_path / "scan-0042.pdf"
    path.write_bytes(b"%PDF")
    name = unicodedata.normalize("NFD", "Henvisning \u2013 Ærø.pdf")  # as macOS names come
    with sandbox_client(sent) as altegio:
        attachment = altegio.upload_file(LOCATION, CLIENT, path, name=name)
    assert attachment.name == name
    assert _form(sent.requests[0])[1] == name
    assert name.encode() in sent.requests[0].content


@pytest.mark.anyio
async def test_the_async_client_reads_the_file_off_the_event_loop(tmp_path: Path) -> None:
    loop_thread = threading.get_ident()
    readers: set[int] = set()

    class Watched(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            readers.add(threading.get_ident())
            return super().read(size)

    answer = json_response(
        200,
        {"success": True, "data": [client_file(id=9, name="a.pdf")], "meta": {"count": 1}},
    )
    received: list[bytes] = []

    async def handler(request: httpx2.Request) -> httpx2.Response:
        received.append(await request.aread())
        return answer

    path = tmp_path / "a.pdf"
    path.write_bytes(b"y" * (3 * CHUNK_SIZE))
    async with AsyncAltegioClient(
        partner_token=PARTNER,
        user_token=USER,
        transport=httpx2.MockTransport(handler),
        rate_limits=None,
    ) as altegio:
        first = await altegio.upload_file(1, 2, Watched(b"x" * (3 * CHUNK_SIZE)), name="a.pdf")
        second = await altegio.upload_file(1, 2, str(path))
    assert first.id == second.id == "9"
    assert readers
    assert loop_thread not in readers
    assert b"x" * (3 * CHUNK_SIZE) in received[0]
    assert b"y" * (3 * CHUNK_SIZE) in received[1]


# --- which row is the new file -------------------------------------------------------------


def _answer(*rows: dict[str, Any]) -> httpx2.Response:
    return json_response(200, {"success": True, "data": list(rows), "meta": {"count": len(rows)}})


def test_of_the_rows_with_its_name_the_highest_id_is_the_new_file() -> None:
    transport = Script(
        _answer(
            client_file(id=900, name="other.pdf"),
            client_file(id=120, name="a.pdf"),
            client_file(id=500, name="a.pdf"),
            client_file(id=130, name="a.pdf"),
            client_file(id="x", name="broken.pdf"),  # an unrelated bad row is not ours
        )
    )
    with client(transport) as altegio:
        assert altegio.upload_file(1, 2, b"x", name="a.pdf").id == "500"


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        pytest.param(
            _answer(client_file(id=9, name="b.pdf")), "none of the 1 files", id="no-match"
        ),
        pytest.param(_answer(), "none of the 0 files", id="empty-list"),
        pytest.param(_answer(client_file(id=9, name="a.pdf", size=5)), "size is int", id="bad-row"),
        pytest.param(_answer(client_file(id=True, name="a.pdf")), "none of", id="bool-id"),
        pytest.param(
            httpx2.Response(200, text="<html>OK</html>", headers={"content-type": "text/html"}),
            "not JSON",
            id="html",
        ),
        pytest.param(json_response(201, {"success": True}), "data", id="no-data"),
        pytest.param(json_response(200, {"data": []}), "success", id="no-success"),
    ],
)
def test_an_unreadable_answer_says_the_file_was_probably_stored(
    answer: httpx2.Response, problem: str
) -> None:
    transport = Script(answer)
    with client(transport) as altegio, pytest.raises(errors.UnexpectedResponseError) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    message = str(caught.value)
    assert problem in message
    assert "probably stored" in message
    assert "check list_files before uploading it again" in message
    assert caught.value.status_code == answer.status_code
    assert len(transport.requests) == 1


def test_success_false_is_the_vendors_refusal() -> None:
    transport = Script(
        json_response(200, {"success": False, "data": None, "meta": {"message": "No."}})
    )
    with client(transport) as altegio, pytest.raises(errors.APIStatusError) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert caught.value.vendor_message == "No."
    assert "stored" not in str(caught.value)


# --- refused before anything is sent ----------------------------------------------------------


def _nothing_sent(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"nothing should be sent, got {request.method} {request.url}")


NAMES = {
    "path-up": "../x.pdf",
    "path": "dir/x.pdf",
    "backslash": "a\\b.pdf",
    "newline": "x\n.pdf",
    "carriage-return": "x\r.pdf",
    "nul": "x\x00.pdf",
    "delete": "x\x7f.pdf",
    "zero-width": "a\u200b.pdf",
    "bidi-override": "a\u202etxt.pdf",
    "bom": "\ufeffa.pdf",
    "line-separator": "a\u2028.pdf",
    "lone-surrogate": "\ud800.pdf",
    "leading-space": " a.pdf",
    "trailing-space": "a.pdf ",
    "exe": "setup.exe",
    "no-extension": "README",
    "only-extension": ".pdf",
    "bare-extension": "pdf",
    "dot": ".",
    "dot-dot": "..",
    "empty": "",
    "too-long": "a" * 252 + ".pdf",
    "double-extension-last-wins": "a.pdf.exe",
    "double-quote": 'a".pdf',
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_bad_names_are_value_errors(name: str) -> None:
    with (
        client(httpx2.MockTransport(_nothing_sent)) as altegio,
        pytest.raises(ValueError, match="name"),
    ):
        altegio.upload_file(1, 2, b"x", name=name)


def test_the_longest_name() -> None:
    assert prepare_upload(b"x", "a" * 251 + ".pdf").name == "a" * 251 + ".pdf"


def test_a_file_name_that_is_refused_can_be_renamed(tmp_path: Path) -> None:
    path = tmp_path / "scan"
    path.write_bytes(b"%PDF")
    with pytest.raises(ValueError, match="must end in an extension"):
        prepare_upload(path)
    assert prepare_upload(path, "scan.pdf").mime_type == "application/pdf"


def test_sizes_are_checked_before_sending(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    cap = tmp_path / "cap.pdf"
    with cap.open("wb") as handle:
        handle.truncate(MAX_BYTES)  # sparse: 12 MiB on paper, nothing written
    below = tmp_path / "below.pdf"
    with below.open("wb") as handle:
        handle.truncate(MAX_BYTES - 1)
    with client(httpx2.MockTransport(_nothing_sent)) as altegio:
        with pytest.raises(ValueError, match="is empty"):
            altegio.upload_file(1, 2, empty)
        with pytest.raises(ValueError, match="smaller than 12 MiB"):
            altegio.upload_file(1, 2, cap)
        with pytest.raises(ValueError, match="smaller than 12 MiB"):
            altegio.upload_file(1, 2, io.BytesIO(bytes(MAX_BYTES)), name="cap.pdf")
        with pytest.raises(ValueError, match="is empty"):
            altegio.upload_file(1, 2, b"", name="a.pdf")
    assert prepare_upload(below).size == MAX_BYTES - 1


@pytest.mark.parametrize(
    ("file", "name", "error"),
    [
        pytest.param(b"x", None, TypeError, id="bytes-without-name"),
        pytest.param(io.BytesIO(b"x"), None, TypeError, id="nameless-file-object"),
        pytest.param(io.StringIO("x"), "a.txt", TypeError, id="text-file-object"),
        pytest.param(b"x", 7, TypeError, id="name-int"),
        pytest.param(None, "a.txt", TypeError, id="none"),
        pytest.param(7, "a.txt", TypeError, id="int"),
        pytest.param(["a.txt"], None, TypeError, id="list"),
        # Bytes are the content, never a path: without a name they cannot be sent.
        pytest.param(b"/tmp/a.pdf", None, TypeError, id="bytes-are-content"),
    ],
)
def test_wrong_kinds_of_argument_are_type_errors(file: Any, name: Any, error: type) -> None:
    with client(httpx2.MockTransport(_nothing_sent)) as altegio, pytest.raises(error):
        altegio.upload_file(1, 2, file, name=name)


class _Pipe(io.RawIOBase):
    name = "pipe.txt"

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


def test_files_on_disk_that_cannot_be_sent(tmp_path: Path) -> None:
    with client(httpx2.MockTransport(_nothing_sent)) as altegio:
        with pytest.raises(FileNotFoundError):
            altegio.upload_file(1, 2, tmp_path / "missing.pdf")
        with pytest.raises(ValueError, match="not a regular file"):
            altegio.upload_file(1, 2, tmp_path, name="a.pdf")
        with pytest.raises(ValueError, match="seekable"):
            altegio.upload_file(1, 2, io.BufferedReader(_Pipe()))


@pytest.mark.parametrize(("location_id", "client_id"), [("1", 2), (1, None), (True, 2), (1, 2.0)])
def test_ids_must_be_integers(location_id: Any, client_id: Any) -> None:
    with client(httpx2.MockTransport(_nothing_sent)) as altegio, pytest.raises(TypeError):
        altegio.upload_file(location_id, client_id, b"x", name="a.txt")


@pytest.mark.anyio
async def test_the_async_client_refuses_the_same_before_sending(tmp_path: Path) -> None:
    async def nothing_sent(request: httpx2.Request) -> httpx2.Response:
        return _nothing_sent(request)

    async with AsyncAltegioClient(
        partner_token=PARTNER, user_token=USER, transport=httpx2.MockTransport(nothing_sent)
    ) as altegio:
        with pytest.raises(ValueError, match="is a path"):
            await altegio.upload_file(1, 2, b"x", name="../a.pdf")
        with pytest.raises(FileNotFoundError):
            await altegio.upload_file(1, 2, tmp_path / "missing.pdf")
        with pytest.raises(TypeError):
            await altegio.upload_file(1, 2, b"x")


# --- a file that changes while it is sent ----------------------------------------------------


@pytest.mark.parametrize(("change", "how"), [(b"more", "grew"), (None, "shrank")])
def test_a_file_that_changes_while_it_is_sent_is_abandoned(
    tmp_path: Path, change: bytes | None, how: str
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"first")

    def answer(request: httpx2.Request) -> httpx2.Response:
        if change is None:
            path.write_bytes(b"fir")
        else:
            with path.open("ab") as handle:
                handle.write(change)
        request.read()
        raise AssertionError("the body must not be complete")

    with (
        client(Raw(answer)) as altegio,
        pytest.raises(errors.AttachkitError) as caught,
    ):
        altegio.upload_file(1, 2, path)
    assert f"{how} while it was being uploaded" in str(caught.value)
    assert "not stored" in str(caught.value)


# --- the vendor's refusals -------------------------------------------------------------------


def test_a_user_without_the_upload_right_is_refused_by_the_vendor(sent: Sent) -> None:
    with sandbox_client(sent, ALTEGIO_VIEWER_TOKEN) as altegio:
        with pytest.raises(errors.PermissionDeniedError) as caught:
            altegio.upload_file(LOCATION, CLIENT, b"%PDF", name="a.pdf")
        assert len(list(altegio.list_files(LOCATION, CLIENT))) == 4
    assert (caught.value.status_code, caught.value.vendor_message) == (403, "Access denied.")
    assert len([r for r in sent.requests if r.method == "POST"]) == 1


@pytest.mark.parametrize(
    ("status", "meta", "error_class"),
    [
        (401, {"message": "Authentication needed."}, errors.AuthenticationError),
        (
            402,
            {"message": "The license for this location has expired."},
            errors.PaymentRequiredError,
        ),
        (403, {"message": "Access denied."}, errors.PermissionDeniedError),
        (404, [], errors.NotFoundError),
        (
            422,
            {
                "message": "The given data was invalid.",
                "errors": {"file": ["The file must be smaller than 12 MiB."]},
            },
            errors.UnprocessableEntityError,
        ),
        (429, {"message": "Too many requests."}, errors.RateLimitError),
    ],
)
def test_refusals_are_status_errors_and_never_retried(
    status: int, meta: object, error_class: type[errors.APIStatusError]
) -> None:
    # With room for retries, and a Retry-After the runner would honour for a GET.
    transport = Script(
        json_response(
            status, {"success": False, "data": None, "meta": meta}, headers={"Retry-After": "1"}
        )
    )
    with client(transport, max_retries=5) as altegio, pytest.raises(error_class) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert caught.value.status_code == status
    assert len(transport.requests) == 1
    assert "stored" not in str(caught.value)  # the vendor said no


# --- never retried once it may have reached the vendor ---------------------------------------


def test_a_server_error_is_not_retried_and_may_have_stored_the_file() -> None:
    transport = Script(
        json_response(500, {"success": False, "data": None, "meta": {"message": "Oops"}}),
        _answer(client_file(id=9, name="a.pdf")),
    )
    with client(transport, max_retries=5) as altegio, pytest.raises(errors.ServerError) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    error = caught.value
    assert (error.status_code, error.vendor_message) == (500, "Oops")
    assert "the file may have been stored" in str(error)
    assert "check list_files before uploading it again" in str(error)
    assert len(transport.requests) == 1


def test_a_timeout_after_sending_is_not_retried_and_may_have_stored_the_file() -> None:
    def answer(request: httpx2.Request) -> httpx2.Response:
        request.read()  # the whole body went out
        raise httpx2.ReadTimeout("no answer", request=request)

    calls = Script(answer)
    with client(calls, max_retries=5) as altegio, pytest.raises(errors.APITimeoutError) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert type(caught.value) is errors.APITimeoutError
    assert "may have been stored" in str(caught.value)
    assert len(calls.requests) == 1


def test_a_connection_broken_while_sending_is_not_retried() -> None:
    attempts: list[int] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        attempts.append(1)
        assert isinstance(request.stream, httpx2.SyncByteStream)
        next(iter(request.stream))  # only the first piece goes out
        raise httpx2.WriteError("connection reset")

    with (
        client(Raw(answer), max_retries=5) as altegio,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert "may have been stored" in str(caught.value)
    assert attempts == [1]


def test_a_connection_that_never_opened_says_nothing_was_sent() -> None:
    attempts: list[int] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        attempts.append(1)
        raise httpx2.ConnectError("connection refused")

    sleeps = Sleeps()
    with (
        client(Raw(answer), max_retries=5, sleep=sleeps) as altegio,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert "nothing of the file was sent, so it was not stored" in str(caught.value)
    assert "may have been stored" not in str(caught.value)
    assert attempts == [1]
    assert sleeps.waits == []


@pytest.mark.anyio
async def test_the_async_client_does_not_retry_either() -> None:
    attempts: list[int] = []

    async def answer(request: httpx2.Request) -> httpx2.Response:
        attempts.append(1)
        await request.aread()
        raise httpx2.ReadTimeout("no answer", request=request)

    async with AsyncAltegioClient(
        partner_token=PARTNER,
        user_token=USER,
        transport=httpx2.MockTransport(answer),
        rate_limits=None,
        max_retries=5,
    ) as altegio:
        with pytest.raises(errors.APITimeoutError, match="may have been stored"):
            await altegio.upload_file(1, 2, b"x", name="a.pdf")
    assert attempts == [1]


def test_a_new_login_after_a_401_sends_the_whole_file_again(tmp_path: Path) -> None:
    # A 401 means the vendor refused the token, not the file: the auth flow logs in again
    # and resends the request, which must carry the file from its start.
    path = tmp_path / "a.pdf"
    data = b"z" * (2 * CHUNK_SIZE + 7)
    path.write_bytes(data)
    transport = Script(
        login_answer("old-token"),
        json_response(401, {"success": False, "data": None, "meta": {"message": "Expired"}}),
        login_answer("new-token"),
        _answer(client_file(id=9, name="a.pdf")),
    )
    with AltegioClient.from_login(
        PARTNER, ALTEGIO_LOGIN, ALTEGIO_PASSWORD, transport=transport, rate_limits=None
    ) as altegio:
        assert altegio.upload_file(1, 2, path).id == "9"
    uploads = [request for request in transport.requests if request.url.path.endswith("/2")]
    assert len(uploads) == 2
    assert uploads[0].content == uploads[1].content
    assert hashlib.sha256(data).hexdigest() in {
        hashlib.sha256(_form(request)[3]).hexdigest() for request in uploads
    }
    assert uploads[1].headers["authorization"] == f"Bearer {PARTNER}, User new-token"


def test_upload_errors_hold_no_secret() -> None:
    def answer(request: httpx2.Request) -> httpx2.Response:
        request.read()
        raise httpx2.ReadTimeout("no answer", request=request)

    with client(httpx2.MockTransport(answer)) as altegio, pytest.raises(errors.APIError) as caught:
        altegio.upload_file(1, 2, b"x", name="a.pdf")
    for text in (str(caught.value), repr(caught.value), repr(vars(caught.value))):
        assert PARTNER not in text
        assert USER not in text


def test_the_upload_list_is_read_as_it_was_stored(sent: Sent) -> None:
    with sandbox_client(sent) as altegio:
        new = altegio.upload_file(LOCATION, CLIENT, b"a", name="dup.txt")
        again = altegio.upload_file(LOCATION, CLIENT, b"b", name="dup.txt")
        assert (new.id, again.id) == ("500001", "500002")
        assert altegio.download(again) == b"b"


@pytest.mark.anyio
async def test_the_async_client_sends_the_whole_file_again_after_a_new_login(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.pdf"
    data = b"w" * (2 * CHUNK_SIZE + 3)
    path.write_bytes(data)
    answers = [
        login_answer("old-token"),
        json_response(401, {"success": False, "data": None, "meta": {"message": "Expired"}}),
        login_answer("new-token"),
        _answer(client_file(id=9, name="a.pdf")),
    ]
    bodies: list[bytes] = []

    async def handler(request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        if request.url.path.endswith("/2"):
            bodies.append(body)
        answer = answers.pop(0)
        return httpx2.Response(answer.status_code, headers=answer.headers, content=answer.content)

    async with AsyncAltegioClient.from_login(
        PARTNER,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        transport=httpx2.MockTransport(handler),
        rate_limits=None,
    ) as altegio:
        assert (await altegio.upload_file(1, 2, path)).id == "9"
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    assert data in bodies[1]

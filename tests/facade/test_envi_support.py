"""Helpers shared by the Envi facade tests (this module holds no tests).

Three ways to reach an Envi:
- cassettes (`password_client(envi_target)`), recorded against the sandbox on loopback;
- the sandbox app in-process (`InProcess`), with a fake clock shared by the sandbox and
  the client's token logic, and a `Recorder` transport that keeps every request and can
  answer some of them itself;
- `httpx2.MockTransport` with hand-written bodies (`file_record`, `list_body`).

A cassette test that needs the sandbox configured another way (next links behind a proxy,
deprecated versions) records against a sandbox of its own: `configured_sandbox`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import attrs
import httpx2
import pytest
from starlette.applications import Starlette

from attachkit import Attachment, EntityRef
from attachkit.envi import AsyncEnviClient, EnviClient, EnviPasswordAuth
from attachkit_sandbox import VENDOR_PREFIXES, FaultRule, SandboxConfig, SandboxServer, create_app
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL, FakeClock
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from attachkit_sandbox.vendors.envi.data import EnviFile, envi_data
from tests.support import models
from tests.support.scrub import scrubbing
from tests.support.targets import (
    PLACEHOLDERS,
    SECRET_CREDENTIALS,
    Target,
    sandbox_credentials,
)

SANDBOX_URL = IN_PROCESS_BASE_URL + VENDOR_PREFIXES["envi"]
MOCK_URL = "https://envi.example"
SECRET_TOKEN = "access-token-never-shown-0123456789"
NO_CONTENT_STATUSES = ("Deleted", "Uploading", "Failed", "Corrupted")
# A name from the sandbox with an en dash and Norwegian letters.
INVOICE_NAME = "Faktura nr 12 \u2013 \u00c6\u00d8\u00c5.pdf"

Intercept = Callable[[httpx2.Request], httpx2.Response | None]
AsyncIntercept = Callable[[httpx2.Request], Awaitable[httpx2.Response | None]]


# --- the sandbox's data set ---------------------------------------------------------------


def po_file_id() -> uuid.UUID:
    """A file of the sandbox's purchase order that has content."""
    return envi_data().listing(ENVI_PO_ID)[0].file_id


def sandbox_file(attachment: Attachment) -> EnviFile:
    """The sandbox's record of a listed file (its bytes, sha256, status)."""
    return envi_data().files[uuid.UUID(attachment.id)]


def listing_names(entity_id: uuid.UUID) -> list[str]:
    """The names the sandbox lists for an entity, in its order."""
    return [file.name for file in envi_data().listing(entity_id)]


async def entries(directory: Path) -> list[str]:
    """The names in a directory, read without blocking the event loop."""
    return sorted([path.name async for path in anyio.Path(directory).iterdir()])


# --- cassettes -----------------------------------------------------------------------------


def password_client(target: Target, **options: Any) -> EnviClient:
    credentials = target.credentials
    return EnviClient.from_password(
        target.base_url,
        username=credentials["username"],
        password=credentials["password"],
        **options,
    )


def async_password_client(target: Target, **options: Any) -> AsyncEnviClient:
    credentials = target.credentials
    return AsyncEnviClient.from_password(
        target.base_url,
        username=credentials["username"],
        password=credentials["password"],
        **options,
    )


@attrs.frozen
class ConfiguredSandbox:
    """A sandbox with its own settings for one test module's cassettes: `server` while
    recording (None when replaying), and the Envi target to call."""

    server: SandboxServer | None
    target: Target
    # Origins in its answers that recorded cassettes hold under another name.
    renamed: Mapping[str, str] = attrs.field(factory=dict)

    def reset(self) -> Target:
        if self.server is not None:
            self.server.reset()
        return self.target

    def vcr_config(self, shared: dict[str, Any]) -> dict[str, Any]:
        """The session's vcrpy settings, scrubbing this sandbox's address (and `renamed`)
        to the placeholder host as the session does for its own sandbox."""
        if self.server is None:
            return shared
        origins = {self.target.base_url: self.target.placeholder, **self.renamed}
        credentials = self.target.credentials
        secrets = [value for name, value in credentials.items() if name in SECRET_CREDENTIALS]
        return {**shared, **scrubbing(origins, secrets=secrets)}


@contextmanager
def configured_sandbox(
    pytestconfig: pytest.Config,
    *,
    renamed: Mapping[str, str] | None = None,
    placeholder: str | None = None,
    **settings: Any,
) -> Iterator[ConfiguredSandbox]:
    """While recording, a sandbox of its own on loopback with `settings`; when replaying,
    only the placeholder target (the network is blocked). `placeholder` is the origin its
    cassettes name instead of Envi's usual one (an https one, say)."""
    credentials = sandbox_credentials("envi")
    if pytestconfig.getoption("--record-mode") in (None, "none"):
        base = placeholder or PLACEHOLDERS["envi"]
        yield ConfiguredSandbox(None, Target("envi", base, credentials, placeholder_origin=base))
        return
    with SandboxServer(SandboxConfig(rate_limits=False, **settings)) as server:
        target = Target("envi", server.url("envi"), credentials, placeholder_origin=placeholder)
        yield ConfiguredSandbox(server, target, dict(renamed or {}))


# --- requests as seen on the wire ------------------------------------------------------------


def unauthorized() -> httpx2.Response:
    """Envi's answer to an expired or revoked access token."""
    body = {"error": {"code": "Unauthorized", "message": "The access token has expired."}}
    return httpx2.Response(401, json=body, headers={"WWW-Authenticate": "Bearer"})


def is_token_request(request: httpx2.Request) -> bool:
    return request.url.path.endswith("/oauth2/token")


def form(request: httpx2.Request) -> dict[str, str]:
    """The fields of a form-encoded (token) request."""
    return {key: values[0] for key, values in parse_qs(request.content.decode()).items()}


def grant_types(requests: list[httpx2.Request]) -> list[str]:
    return [form(request)["grant_type"] for request in requests if is_token_request(request)]


def data_requests(requests: list[httpx2.Request]) -> list[httpx2.Request]:
    return [request for request in requests if not is_token_request(request)]


def bearer(request: httpx2.Request) -> str:
    scheme, _, token = request.headers["authorization"].partition(" ")
    assert scheme == "Bearer"
    return token


def snapshot(request: httpx2.Request) -> httpx2.Request:
    """A copy as sent: a retry sends the same request object again with new headers."""
    headers = request.headers.copy()
    return httpx2.Request(request.method, request.url, headers=headers, content=request.read())


class Recorder(httpx2.BaseTransport):
    """Keeps every request and the status it got; `intercept` may answer a request itself
    (or just look at it and return None), otherwise `inner` does."""

    def __init__(self, inner: httpx2.BaseTransport, intercept: Intercept | None = None) -> None:
        self.inner = inner
        self.intercept = intercept
        self.requests: list[httpx2.Request] = []
        self.statuses: list[int] = []
        self.closed = False

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(snapshot(request))
        answer = self.intercept(request) if self.intercept is not None else None
        response = answer if answer is not None else self.inner.handle_request(request)
        self.statuses.append(response.status_code)
        return response

    def close(self) -> None:
        self.closed = True
        self.inner.close()


class AsyncRecorder(httpx2.AsyncBaseTransport):
    """The async twin of `Recorder`."""

    def __init__(
        self, inner: httpx2.AsyncBaseTransport, intercept: AsyncIntercept | None = None
    ) -> None:
        self.inner = inner
        self.intercept = intercept
        self.requests: list[httpx2.Request] = []
        self.statuses: list[int] = []
        self.closed = False

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(snapshot(request))
        answer = await self.intercept(request) if self.intercept is not None else None
        if answer is None:
            answer = await self.inner.handle_async_request(request)
        self.statuses.append(answer.status_code)
        return answer

    async def aclose(self) -> None:
        self.closed = True
        await self.inner.aclose()


# --- the sandbox in-process ----------------------------------------------------------------


@attrs.define
class InProcess:
    """One sandbox app and the fake clock both it and the clients' token logic read."""

    clock: FakeClock = attrs.field(factory=FakeClock)
    settings: EnviSettings = attrs.field(factory=EnviSettings)
    faults: tuple[FaultRule, ...] = ()
    app: Starlette = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        config = SandboxConfig(
            clock=self.clock, fault_rules=self.faults, vendor_settings=(self.settings,)
        )
        self.app = create_app(config)

    def auth(self, **fields: Any) -> EnviPasswordAuth:
        fields = {"username": ENVI_USERNAME, "password": ENVI_PASSWORD, **fields}
        return EnviPasswordAuth(SANDBOX_URL, clock=self.clock, **fields)

    def client(
        self, *, intercept: Intercept | None = None, auth: httpx2.Auth | None = None, **options: Any
    ) -> tuple[EnviClient, Recorder]:
        recorder = Recorder(SandboxTransport(self.app), intercept)
        client = EnviClient(SANDBOX_URL, auth=auth or self.auth(), transport=recorder, **options)
        return client, recorder

    def async_client(
        self,
        *,
        intercept: AsyncIntercept | None = None,
        auth: httpx2.Auth | None = None,
        **options: Any,
    ) -> tuple[AsyncEnviClient, AsyncRecorder]:
        recorder = AsyncRecorder(httpx2.ASGITransport(self.app), intercept)
        client = AsyncEnviClient(
            SANDBOX_URL, auth=auth or self.auth(), transport=recorder, **options
        )
        return client, recorder


# --- hand-written bodies for MockTransport -------------------------------------------------

FILE_ID = uuid.UUID("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")
ENTITY_ID = uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")


def file_record(**fields: object) -> dict[str, object]:
    """A valid list/metadata record; keyword arguments replace fields (`None` values stay)."""
    record: dict[str, object] = {
        "fileId": str(FILE_ID),
        "entityId": str(ENTITY_ID),
        "entityNo": "PO-100234-01",
        "entityTypeValue": "Purchase Order",
        "fileName": "Packing slip.pdf",
        "fileStatus": "Active",
        "fileSize": 48213,
        "fileType": "pdf",
        "dateCreated": "2026-03-02T09:15:00Z",
        "lastUpdated": "2026-03-02T09:20:11Z",
    }
    record.update(fields)
    return record


def list_body(
    records: list[dict[str, object]], *, count: int | None = None, next_link: str | None = None
) -> dict[str, object]:
    body: dict[str, object] = {"@odata.count": len(records) if count is None else count}
    body["value"] = records
    if next_link is not None:
        body["@odata.nextLink"] = next_link
    return body


def attachment(**fields: Any) -> Attachment:
    """An Envi attachment built by hand (for calls that do not list first)."""
    entity = EntityRef(type="Purchase Order", id=str(ENTITY_ID), number="PO-100234-01")
    envi = {"vendor": "envi", "id": str(FILE_ID), "entity": entity, "name": "Packing slip.pdf"}
    return models.attachment(**{**envi, "size": 12, "status": "Active", **fields})


def token_client(
    handler: Callable[[httpx2.Request], httpx2.Response], **options: Any
) -> EnviClient:
    """A client with a fixed bearer token over a MockTransport."""
    return EnviClient(
        MOCK_URL, token=SECRET_TOKEN, transport=httpx2.MockTransport(handler), **options
    )


def async_token_client(
    handler: Callable[[httpx2.Request], Coroutine[Any, Any, httpx2.Response]], **options: Any
) -> AsyncEnviClient:
    transport = httpx2.MockTransport(handler)
    return AsyncEnviClient(MOCK_URL, token=SECRET_TOKEN, transport=transport, **options)


# --- response bodies that arrive piece by piece ----------------------------------------------


class Stream(httpx2.SyncByteStream):
    """Yields `chunks`, then raises `error` if given; `before_chunk(i)` runs before chunk i."""

    def __init__(
        self,
        chunks: list[bytes],
        error: BaseException | None = None,
        before_chunk: Callable[[int], None] | None = None,
    ) -> None:
        self.chunks = chunks
        self.error = error
        self.before_chunk = before_chunk
        self.produced = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for index, chunk in enumerate(self.chunks):
            if self.before_chunk is not None:
                self.before_chunk(index)
            self.produced += 1
            yield chunk
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True


class AsyncStream(httpx2.AsyncByteStream):
    """The async twin of `Stream`."""

    def __init__(self, chunks: list[bytes], error: BaseException | None = None) -> None:
        self.chunks = chunks
        self.error = error
        self.produced = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.produced += 1
            yield chunk
        if self.error is not None:
            raise self.error

    async def aclose(self) -> None:
        self.closed = True

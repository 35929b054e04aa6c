"""A hostile vendor behind a mock transport (this module holds no tests).

Requests are sorted by kind (token or login, list, metadata, content, delete, upload). Each
kind answers from its own list of `Answer`s in turn, the last one repeating; a kind without
a list answers as the vendor documents. An `Answer` may echo the request it answers (its
Authorization header and body), as a careless vendor does, may break off mid-body, or may
be a connection that fails before the request goes out.

The vendor also knows where a client may send its requests (`Hosts`: the configured base
URLs, and for Altegio downloads without a web base URL its own domains), and records every
request that went anywhere else, with or without credentials.

The secrets the clients hold are fixed here, and so are the tokens a vendor may issue (a
small pool), so a test can look for every one of them in whatever an error shows.
"""

from __future__ import annotations

import base64
import json
import string
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from urllib.parse import quote_plus

import attrs
import httpx2

from attachkit import errors
from tests.support.records import documented_record

ENVI_URL = "https://envi.example"
AMILI_URL = "https://armrest.example/api"
ALTEGIO_URL = "https://api.altegio.example/api"
ALTEGIO_WEB_URL = "https://web.altegio.example/app"

ENTITY_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
FILE_ID = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
AMILI_CLIENT_NO = 100234
ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, ALTEGIO_FILE_ID = 456, 789, 123
CONTENT = b"%PDF-1.7 hostile vendors test\n"
# What the upload paths send: CONTENT as a PDF under this name.
UPLOAD_NAME = "scan.pdf"
UPLOADED_ID = 124

# What the clients are given. The password has characters that URL-encoding and JSON
# escaping change, so that echoed forms of it are looked for too.
USERNAME = "buyer@example.com"
PASSWORD = 'pa55 w0rd/+&"\u00e9-kept-secret'
PARTNER_TOKEN = "partner-7f3c9a1e5b2d8f4a6c0e"
USER_TOKEN = "user-given-2b8e4f6a0c1d3e5f"
AMILI_TOKEN = "amili-opaque-5d4c3b2a1f0e9d8c"
# What the vendors issue: answers take tokens from these pools, by index.
ACCESS_TOKENS = tuple(f"envi-access-{i}-c0ffee{i}9a8b7c6d" for i in range(4))
REFRESH_TOKENS = tuple(f"envi-refresh-{i}-d00d{i}5e4f3a2b" for i in range(4))
USER_TOKENS = tuple(f"altegio-user-{i}-feed{i}1a2b3c4d" for i in range(4))
SECRETS = (PASSWORD, PARTNER_TOKEN, USER_TOKEN, AMILI_TOKEN) + (
    ACCESS_TOKENS + REFRESH_TOKENS + USER_TOKENS
)


# --- the documented answers ------------------------------------------------------------------


def envi_record(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "fileId": FILE_ID,
        "entityId": ENTITY_ID,
        "entityNo": "PO-100234-01",
        "entityTypeValue": "Purchase Order",
        "fileName": "Packing slip.pdf",
        "fileStatus": "Active",
        "fileSize": len(CONTENT),
        "fileType": "pdf",
        "createdBy": "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b",
        "createdByName": "Ada Buyer",
        "dateCreated": "2026-03-02T09:15:00Z",
        "lastUpdated": "2026-03-02T09:20:11Z",
    }
    return {**record, **fields}


def envi_list(*records: dict[str, object], next_skip: int | None = None) -> dict[str, object]:
    rows = list(records) or [envi_record()]
    body: dict[str, object] = {
        "@odata.context": f"{ENVI_URL}/odata/$metadata#FileAttachments",
        "@odata.count": len(rows) if next_skip is None else next_skip + 1,
        "value": rows,
    }
    if next_skip is not None:
        body["@odata.nextLink"] = (
            f"{ENVI_URL}/odata/FileAttachments({ENTITY_ID})?%24top=1&%24skip={next_skip}"
        )
    return body


def envi_token(index: int = 0, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "access_token": ACCESS_TOKENS[index],
        "token_type": "bearer",
        "expires_in": 59,
        "refresh_token": REFRESH_TOKENS[index],
    }
    return {**body, **fields}


def amili_file(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "clientNo": AMILI_CLIENT_NO,
        "logItemId": 5511,
        "type": "DocAttachment",
        "name": "Faktura 1.pdf",
        "extension": "pdf",
        "referenceNo": 7001,
        "description": "Invoice copy",
        "content": base64.b64encode(CONTENT).decode(),
    }
    return {**record, **fields}


def amili_list(*files: dict[str, object]) -> dict[str, object]:
    rows = list(files) or [amili_file()]
    return {"summary": {"totalCount": len(rows), "maximumCount": 10}, "files": rows}


def altegio_file(**fields: object) -> dict[str, object]:
    place = {"id": ALTEGIO_FILE_ID, "client_id": ALTEGIO_CLIENT_ID, "link": altegio_download_path()}
    return {**documented_record("altegio", "ClientFile", **place), **fields}


def altegio_download_path(file_id: int = ALTEGIO_FILE_ID) -> str:
    """A row's `link`: a path on the web application."""
    return f"/client_files/download/{ALTEGIO_LOCATION_ID}/{file_id}/"


def altegio_uploaded(**fields: object) -> dict[str, object]:
    """The row of the file the upload paths send, as the vendor lists it."""
    row = altegio_file(
        id=UPLOADED_ID, name=UPLOAD_NAME, extension="pdf", mime="application/pdf",
        link=altegio_download_path(UPLOADED_ID), size=f"{len(CONTENT)} B", can_edit=True,
    )  # fmt: skip
    return {**row, **fields}


def envi_entities(next_skip: int | None = None) -> dict[str, object]:
    """A page of the purchase orders list, naming ENTITY_ID."""
    body: dict[str, object] = {
        "@odata.count": 1 if next_skip is None else next_skip + 1,
        "value": [{"purchaseOrderId": ENTITY_ID, "lastUpdated": "2026-03-02T09:20:11Z"}],
    }
    if next_skip is not None:
        body["@odata.nextLink"] = f"{ENVI_URL}/odata/PurchaseOrders?$top=1&$skip={next_skip}"
    return body


def altegio_clients(*ids: int, total: int | None = None) -> dict[str, object]:
    """A page of the client search."""
    rows = [{"id": client} for client in ids or (ALTEGIO_CLIENT_ID,)]
    meta = {"total_count": len(rows) if total is None else total}
    return {"success": True, "data": rows, "meta": meta}


def altegio_list(*files: dict[str, object]) -> dict[str, object]:
    rows = list(files) or [altegio_file()]
    return {"success": True, "data": rows, "meta": {"count": len(rows)}}


def altegio_login(index: int = 0) -> dict[str, object]:
    user = {"id": 1, "user_token": USER_TOKENS[index], "name": "Owner", "is_email_confirmed": True}
    return {"success": True, "data": user, "meta": []}


ALTEGIO_DELETED: dict[str, object] = {
    "success": True,
    "data": None,
    "meta": {"message": "Accepted"},
}
ALTEGIO_UNAUTHORIZED: dict[str, object] = {
    "success": False,
    "data": None,
    "meta": {"message": "Authentication needed."},
}


# --- answers -------------------------------------------------------------------------------


class Cut(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A body sent in chunks that may lose the connection after `break_at` bytes."""

    def __init__(self, body: bytes, break_at: int | None, error: type[httpx2.HTTPError]) -> None:
        self.body, self.break_at, self.error = body, break_at, error

    def _chunks(self) -> Iterator[bytes]:
        end = len(self.body) if self.break_at is None else min(self.break_at, len(self.body))
        for start in range(0, end, 7):
            yield self.body[start : min(start + 7, end)]
        if self.break_at is not None:
            raise self.error("connection lost mid-body")

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk


@attrs.frozen
class Echo:
    """A body that repeats the request: `template` with `{echo}` in its place (JSON-escaped
    when `json_escaped`), cut to `keep` characters of echo if given."""

    template: str = "{echo}"
    json_escaped: bool = False
    keep: int | None = None

    def render(self, request: httpx2.Request) -> bytes:
        sent = request.read().decode("utf-8", "replace")
        echo = f"Authorization: {request.headers.get('authorization', '')}; body: {sent}"
        if self.keep is not None:
            echo = echo[: self.keep]
        if self.json_escaped:
            echo = json.dumps(echo)[1:-1]
        return self.template.replace("{echo}", echo).encode("utf-8", "surrogatepass")


@attrs.frozen
class Answer:
    """One answer: a status, headers (name, value bytes), a body (bytes, or an `Echo`),
    and where the connection breaks (None: it does not). With `refused`, there is no
    answer: the connection fails with that error before any of the request goes out."""

    status: int = 200
    body: bytes | Echo = b""
    headers: tuple[tuple[str, bytes], ...] = ()
    break_at: int | None = None
    error: type[httpx2.HTTPError] = httpx2.ReadError
    refused: type[httpx2.TransportError] | None = None

    @classmethod
    def refusal(cls, error: type[httpx2.TransportError] = httpx2.ConnectError) -> Answer:
        return cls(refused=error)

    @classmethod
    def json(cls, body: object, status: int = 200, **headers: str) -> Answer:
        data = json.dumps(body).encode()
        encoded = tuple((name.replace("_", "-"), value.encode()) for name, value in headers.items())
        return cls(status, data, (("content-type", b"application/json"), *encoded))

    def response(self, request: httpx2.Request) -> httpx2.Response:
        body = self.body.render(request) if isinstance(self.body, Echo) else self.body
        headers = [(name.encode(), value) for name, value in self.headers]
        return httpx2.Response(
            self.status, headers=headers, stream=Cut(body, self.break_at, self.error)
        )


Plan = Mapping[str, Sequence[Answer]]
"""The answers of each kind of request, in turn (the last repeats)."""

Hosts = Callable[[httpx2.URL], bool]
"""Whether a client may send a request (and its credentials) to a URL."""


def origin(url: httpx2.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port, the port spelled out when it is the scheme's default."""
    port = url.port if url.port is not None else {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, port


def on(*base_urls: str) -> Hosts:
    """Only the origins of `base_urls`."""
    allowed = {origin(httpx2.URL(base)) for base in base_urls}
    return lambda url: origin(url) in allowed


ALTEGIO_DOMAINS = ("alteg.io", "yclients.com")


def on_altegio_or(*base_urls: str) -> Hosts:
    """The origins of `base_urls`, and https on the default port of Altegio's own domains
    and their subdomains: where downloads may go when no web base URL is configured."""
    configured = on(*base_urls)

    def allowed(url: httpx2.URL) -> bool:
        scheme, host, port = origin(url)
        own = any(host == domain or host.endswith("." + domain) for domain in ALTEGIO_DOMAINS)
        return configured(url) or ((scheme, port) == ("https", 443) and own)

    return allowed


class TooManyRequests(AssertionError):
    """The client kept asking: a listing (or a retry loop) that does not end."""


@attrs.frozen
class Exchange:
    """One request a client made: its kind, and the status it was answered with (None when
    the connection failed before the request went out)."""

    kind: str
    request: httpx2.Request
    status: int | None

    @property
    def received(self) -> bool:
        """Whether the request reached the vendor."""
        return self.status is not None


class Vendor:
    """Serves one vendor's kinds of request from a `Plan` and the documented answers, and
    records each request, and those sent outside `hosts` (by default the vendor's
    configured base URLs)."""

    def __init__(
        self,
        kind_of: Callable[[httpx2.Request], str],
        documented: Mapping[str, Answer],
        plan: Plan,
        max_requests: int = 80,
        hosts: Hosts | None = None,
    ) -> None:
        self._kind_of = kind_of
        self._documented = documented
        self._plan = {kind: list(answers) for kind, answers in plan.items() if answers}
        self._max_requests = max_requests
        self._hosts = hosts or HOSTS[kind_of]
        self.exchanges: list[Exchange] = []
        self.authorizations: set[str] = set()

    @property
    def requests(self) -> list[tuple[str, httpx2.Request]]:
        """Every request, with its kind, in the order sent."""
        return [(exchange.kind, exchange.request) for exchange in self.exchanges]

    @property
    def strays(self) -> list[httpx2.Request]:
        """Requests to a URL outside the hosts the client may use."""
        return [request for _, request in self.requests if not self._hosts(request.url)]

    @property
    def leaks(self) -> list[httpx2.Request]:
        """Strays that carried credentials."""
        return [
            request
            for request in self.strays
            if any(name in request.headers for name in ("authorization", "cookie"))
        ]

    def answer(self, request: httpx2.Request) -> Answer:
        """The answer to `request`, recorded."""
        kind = self._kind_of(request)
        answers = self._plan.get(kind)
        if not answers:
            answer = self._documented[kind]
        else:
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        status = None if answer.refused is not None else answer.status
        self.exchanges.append(Exchange(kind, request, status))
        if len(self.exchanges) > self._max_requests:
            raise TooManyRequests(f"{len(self.exchanges)} requests: {request.url}")
        value = request.headers.get("authorization")
        if value:
            self.authorizations.add(value)
        return answer

    def transport(self) -> Transport:
        return Transport(self)


class Transport(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """Like `httpx2.MockTransport`, but a refused connection fails before the request's
    body is read, as a real one does (a mock transport reads every body first)."""

    def __init__(self, vendor: Vendor) -> None:
        self._vendor = vendor

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        answer = self._vendor.answer(request)
        if answer.refused is not None:
            raise answer.refused("connection refused", request=request)
        request.read()
        return answer.response(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        answer = self._vendor.answer(request)
        if answer.refused is not None:
            raise answer.refused("connection refused", request=request)
        await request.aread()
        return answer.response(request)


def envi_kind(request: httpx2.Request) -> str:
    path = request.url.path
    if path.endswith("/oauth2/token"):
        return "token"
    if path.endswith("/metadata"):
        return "metadata"
    if path.endswith("/content"):
        return "content"
    if "/odata/FileAttachments" not in path:
        return "entities"  # a module list (discovery), or a next link that left the files
    return "list"


def amili_kind(request: httpx2.Request) -> str:
    return "list"


def altegio_kind(request: httpx2.Request) -> str:
    """Requests to the API host by path and method; any other host is a download."""
    if request.url.host != httpx2.URL(ALTEGIO_URL).host:
        return "content"
    if request.url.path.endswith("/v1/auth"):
        return "token"
    if request.url.path.endswith("/clients/search"):
        return "search"
    return {"DELETE": "delete", "POST": "upload"}.get(request.method, "list")


# Where each vendor's clients may send requests, as the hostile paths configure them.
HOSTS: dict[Callable[[httpx2.Request], str], Hosts] = {
    envi_kind: on(ENVI_URL),
    amili_kind: on(AMILI_URL),
    altegio_kind: on(ALTEGIO_URL, ALTEGIO_WEB_URL),
}

ENVI_DOCUMENTED = {
    "token": Answer.json(envi_token()),
    "list": Answer.json(envi_list()),
    "metadata": Answer.json(envi_record()),
    "content": Answer(200, CONTENT, (("content-type", b"application/pdf"),)),
    "entities": Answer.json(envi_entities()),
}
AMILI_DOCUMENTED = {"list": Answer.json(amili_list())}
ALTEGIO_DOCUMENTED = {
    "token": Answer.json(altegio_login(), 201),
    "list": Answer.json(altegio_list()),
    "delete": Answer.json(ALTEGIO_DELETED, 202),
    "content": Answer(200, b"test file", (("content-type", b"text/plain"),)),
    # The client's complete file list, the new file among them (the spec's example shape).
    "upload": Answer.json(altegio_list(altegio_file(), altegio_uploaded())),
    "search": Answer.json(altegio_clients()),
}


# --- what an error shows ----------------------------------------------------------------------


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error and those it was raised from, as a traceback would show them."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        cause = current.__cause__
        current = (
            cause if cause is not None or current.__suppress_context__ else (current.__context__)
        )


def shown(error: BaseException) -> str:
    """Everything an error shows: message, repr and args of it and of the errors it was
    raised from, and every attribute of attachkit's own (vendor message, body, URL...)."""
    parts: list[str] = []
    for link in chain(error):
        parts += [str(link), repr(link), *map(str, link.args)]
        if isinstance(link, errors.AttachkitError):
            parts += [str(value) for value in vars(link).values()]
    return "\n".join(parts)


def forms(secret: str) -> set[str]:
    """A secret as sent and as a vendor might echo it (URL-encoded, JSON-escaped)."""
    return {secret, quote_plus(secret), json.dumps(secret)[1:-1]}


def leaked(error: BaseException, secrets: Sequence[str] = SECRETS) -> list[str]:
    """The secrets (in any of their forms) that `error` shows."""
    text = shown(error)
    return [secret for secret in secrets if any(form in text for form in forms(secret))]


_PRINTABLE_SPACE = set(string.whitespace) - {" "}


def unprintable(text: str) -> list[str]:
    """Characters of a message that a terminal or a UTF-8 log could not take as they are:
    control characters (line breaks included) and lone surrogates."""
    return [
        char
        for char in text
        if unicodedata.category(char) in ("Cc", "Cs") or char in _PRINTABLE_SPACE
    ]

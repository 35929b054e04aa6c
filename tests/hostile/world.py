"""A hostile vendor behind a mock transport (this module holds no tests).

Requests are sorted by kind (token or login, list, metadata, content, delete, upload). Each
kind answers from its own list of `Answer`s in turn, the last one repeating; a kind without
a list answers as the vendor documents. An `Answer` may echo the request it answers (its
Authorization header and body), as a careless vendor does, may break off mid-body, or may
be a connection that fails before the request goes out.

The vendor also knows where a client may send its requests (`Hosts`: the configured base
URLs, and for some downloads the vendor's own domains), and records every request that
went anywhere else, with or without credentials.

The secrets the clients hold are fixed, and so are the tokens a vendor may issue (a small
pool), so a test can look for every one of them in whatever an error shows. What is
particular to each vendor (its records, kinds of request, documented answers, clients and
paths) is its own part of the suite: `tests/vendors/<vendor>/hostile.py`.
"""

from __future__ import annotations

import json
import string
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from urllib.parse import quote_plus

import attrs
import httpx2

from attachkit import errors

CONTENT = b"%PDF-1.7 hostile vendors test\n"
# What the upload paths send: CONTENT as a PDF under this name.
UPLOAD_NAME = "scan.pdf"

# What the clients are given to log in with. The password has characters that URL-encoding
# and JSON escaping change, so that echoed forms of it are looked for too.
USERNAME = "buyer@example.com"
PASSWORD = 'pa55 w0rd/+&"\u00e9-kept-secret'


def secrets() -> tuple[str, ...]:
    """Every secret of the suite: the password, and each vendor's tokens (given and issued)."""
    from tests.support.vendors import kits  # the parts import this module

    parts = [kit.hostile for kit in kits().values() if kit.hostile is not None]
    return (PASSWORD, *(secret for part in parts for secret in part.secrets))


def _part_hosts(kind_of: Callable[[httpx2.Request], str]) -> Hosts:
    from tests.support.vendors import kits

    for kit in kits().values():
        if kit.hostile is not None and kit.hostile.kind_of is kind_of:
            return kit.hostile.hosts  # type: ignore[no-any-return]
    raise LookupError(f"no vendor's hostile part sorts requests with {kind_of.__name__}")


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


def on_or_domains(domains: Sequence[str], *base_urls: str) -> Hosts:
    """The origins of `base_urls`, and https on the default port of `domains` and their
    subdomains (a vendor's own download hosts)."""
    configured = on(*base_urls)

    def allowed(url: httpx2.URL) -> bool:
        scheme, host, port = origin(url)
        own = any(host == domain or host.endswith("." + domain) for domain in domains)
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
    records each request, and those sent outside `hosts` (by default those of the vendor's
    part whose `kind_of` this is: its configured base URLs)."""

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
        self._hosts = hosts or _part_hosts(kind_of)
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


def leaked(error: BaseException, known: Sequence[str] | None = None) -> list[str]:
    """The secrets (in any of their forms; default: every secret of the suite) that `error`
    shows."""
    text = shown(error)
    wanted = secrets() if known is None else known
    return [secret for secret in wanted if any(form in text for form in forms(secret))]


_PRINTABLE_SPACE = set(string.whitespace) - {" "}


def unprintable(text: str) -> list[str]:
    """Characters of a message that a terminal or a UTF-8 log could not take as they are:
    control characters (line breaks included) and lone surrogates."""
    return [
        char
        for char in text
        if unicodedata.category(char) in ("Cc", "Cs") or char in _PRINTABLE_SPACE
    ]

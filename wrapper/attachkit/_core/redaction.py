"""What may leave the process: no secret, no unprintable text, nothing without bound.

Every client knows its secrets: the password it logs in with, the partner and user tokens it
was given, the access and refresh tokens it was issued, the Authorization header it sends.
Its auth object reports the ones it holds or held lately (`SecretSource`), so a token issued
after the client was made (a refresh) is known too. `Redactor.scrub` is the one step every
attachkit error passes on its way out of a client: it masks each known secret, in the forms
a vendor might echo it (see `attachkit.masking`), in every text the error shows (message,
`args`, `vendor_message`, `body`, URL...), cuts the cause chain where an underlying exception
would show one, makes the texts printable and bounds their length.

Each client's redactor is also registered, for as long as the client lives, in
`LIVE_SECRETS`: what leaves the process outside an error (log records, attachkit's and the
HTTP library's; the command's output; a recorded cassette) is masked with the secrets of
every live client (`Redactor.of_live_clients`).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable

import httpx2

from .. import errors
from .masking import CUT_MARK, Masker, masker_for

__all__ = [
    "CUT_MARK",
    "LIVE_SECRETS",
    "REDACTED",
    "TEXT_LIMIT",
    "Redactor",
    "SecretHistory",
    "SecretSource",
    "cut",
    "printable",
]

REDACTED = "***"
TEXT_LIMIT = 2000
"""Characters of any one text an error keeps (message, vendor message, body...)."""
_CREDENTIAL_HEADERS = ("authorization", "proxy-authorization")
# Control characters and lone surrogates cannot be printed (or encoded, for surrogates).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and `CUT_MARK` when it is longer."""
    return text if len(text) <= limit else text[:limit] + CUT_MARK


def printable(text: str) -> str:
    """`text` with line breaks and tabs as spaces, and other control characters and lone
    surrogates as U+FFFD, so that it prints on one line and encodes as UTF-8."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: " " if m.group() in "\t\n\r" else "\ufffd", text)


@runtime_checkable
class SecretSource(Protocol):
    """An auth object that can say which secrets it holds or held lately."""

    def known_secrets(self) -> Iterable[str]: ...


class SecretHistory:
    """Secrets an auth object holds: the ones it was given for good, and the last few it
    was issued (a rotated token may still be echoed by the answer that replaced it)."""

    def __init__(self, *given: str, recent: int = 16) -> None:
        self._given = tuple(secret for secret in given if secret)
        self._issued: deque[str] = deque(maxlen=recent)
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        if secret:
            with self._lock:
                if secret not in self._issued:
                    self._issued.append(secret)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            issued = tuple(self._issued)
        return iter(self._given + issued)


def _header_secrets(value: str) -> Iterator[str]:
    """An Authorization value and its credentials: `Bearer a, User b` gives a and b."""
    yield value
    for part in value.split(","):
        words = part.split()
        yield from words[1:] if len(words) > 1 else words


def credentials_in(headers: Mapping[str, str] | httpx2.Headers) -> list[str]:
    """The credentials in a request's (or a client's fixed) headers."""
    return [
        secret
        for name, value in headers.items()
        if isinstance(name, str) and isinstance(value, str)
        if name.lower() in _CREDENTIAL_HEADERS
        for secret in _header_secrets(value)
    ]


class Redactor:
    """Masks the secrets of `sources` (asked anew each time), `fixed` ones, and the
    credentials on the request of the exchange at hand."""

    def __init__(self, sources: Iterable[object] = (), fixed: Iterable[str] = ()) -> None:
        self._sources = [source for source in sources if isinstance(source, SecretSource)]
        self._fixed = tuple(fixed)

    @classmethod
    def for_client(cls, auth: object, headers: Mapping[str, str] | None) -> Redactor:
        """The secrets of a client: its auth's, and credentials in its fixed headers. The
        redactor is registered in `LIVE_SECRETS` while the client lives."""
        redactor = cls([auth], credentials_in(headers or {}))
        LIVE_SECRETS.register(redactor)
        return redactor

    @classmethod
    def of_live_clients(cls, fixed: Iterable[str] = ()) -> Redactor:
        """For what leaves the process outside a client: the secrets of every live client
        (those issued to it so far included) and `fixed` ones."""
        return cls([LIVE_SECRETS], fixed)

    def known_secrets(self, request: httpx2.Request | None = None) -> set[str]:
        secrets: set[str] = set(self._fixed)
        for source in self._sources:
            secrets.update(source.known_secrets())
        if request is not None:
            secrets.update(credentials_in(request.headers))
        return secrets

    def masker(self, request: httpx2.Request | None = None, placeholder: str = REDACTED) -> Masker:
        return masker_for(self.known_secrets(request), placeholder)

    def mask(self, text: str) -> str:
        """`text` with every secret masked, and nothing else changed."""
        return self.masker().mask(text)

    def text(self, text: str, request: httpx2.Request | None = None) -> str:
        """`text` safe to log: secrets masked, printable, capped."""
        return _clean(text, self.masker(request))

    def scrub(self, error: errors.AttachkitError, request: httpx2.Request | None = None) -> None:
        """Makes `error` (and the errors it was raised from) safe to show, in place."""
        masker = self.masker(request)
        link: BaseException = error
        seen: set[int] = set()
        while id(link) not in seen:
            seen.add(id(link))
            if isinstance(link, errors.AttachkitError):
                _scrub_texts(link, masker)
            following = link.__cause__ or link.__context__
            if following is None:
                return
            if not isinstance(following, errors.AttachkitError) and _shows_secret(
                following, masker
            ):
                # What went wrong below (a parser's message) would show a secret: drop it.
                link.__cause__ = link.__context__ = None
                link.__suppress_context__ = True
                return
            link = following


class _LiveClients:
    """The redactors of the clients alive now (weakly held: a closed and forgotten client
    drops out by itself)."""

    def __init__(self) -> None:
        self._redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()
        self._lock = threading.Lock()

    def register(self, redactor: Redactor) -> None:
        with self._lock:
            self._redactors.add(redactor)

    def known_secrets(self) -> Iterable[str]:
        with self._lock:
            redactors = list(self._redactors)
        return {secret for redactor in redactors for secret in redactor.known_secrets()}


LIVE_SECRETS = _LiveClients()
"""Every live client's secrets, for log records, the command's output and recordings."""


def _shows_secret(error: BaseException, masker: Masker) -> bool:
    try:
        shown = f"{error}\n{error!r}"
    except Exception:  # an exception that cannot even say what it is shows nothing
        return True
    return masker.mask(shown) != shown


def _clean(text: str, masker: Masker, *, verbatim: bool = False) -> str:
    text = masker.mask(text)
    if not verbatim:
        text = printable(text)
    if len(text) <= TEXT_LIMIT:
        return text
    # A secret cut in two by the limit leaves its start just before the mark.
    return masker.mask(text[:TEXT_LIMIT], cut=True) + CUT_MARK


def _scrub_texts(error: errors.AttachkitError, masker: Masker) -> None:
    for name, value in vars(error).items():
        if isinstance(value, str):
            # A body is kept as the vendor sent it (line breaks and all), only redacted.
            setattr(error, name, _clean(value, masker, verbatim=name == "body"))
    error.args = tuple(_clean(arg, masker) if isinstance(arg, str) else arg for arg in error.args)

"""What an error may show: no secret, no unprintable text, nothing without bound.

Every client knows its secrets: the password it logs in with, the partner and user tokens it
was given, the access and refresh tokens it was issued, the Authorization header it sends.
Its auth object reports the ones it holds or held lately (`SecretSource`), so a token issued
after the client was made (a refresh) is known too. `Redactor.scrub` is the one step every
attachkit error passes on its way out of a client: it replaces each known secret, in the
forms a vendor might echo it (as sent, URL-encoded, JSON-escaped...), in every text the error
shows (message, `args`, `vendor_message`, `body`, URL...), cuts the cause chain where an
underlying exception would show one, makes the texts printable and bounds their length.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable
from urllib.parse import quote, quote_plus

import httpx

from . import errors

__all__ = [
    "CUT_MARK",
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "TEXT_LIMIT",
    "Redactor",
    "SecretHistory",
    "SecretSource",
    "cut",
    "printable",
]

REDACTED = "***"
CUT_MARK = "\u2026"
"""Ends a text that was cut short."""
TEXT_LIMIT = 2000
"""Characters of any one text an error keeps (message, vendor message, body...)."""
MIN_SECRET_LENGTH = 4
"""Shorter secrets are not searched for: masking every "t" of a message for a token "t"
blurs it all, real credentials are far longer, and attachkit never quotes one itself."""
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


def _forms(secret: str) -> set[str]:
    """The ways a secret can appear in a vendor's answer or an exception's text."""
    return {
        secret,
        quote_plus(secret),
        quote(secret, safe=""),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        html.escape(secret),
    }


class Redactor:
    """Scrubs errors of the secrets of `sources` (asked anew each time), `fixed` ones, and
    the credentials on the request of the exchange that failed."""

    def __init__(self, sources: Iterable[object] = (), fixed: Iterable[str] = ()) -> None:
        self._sources = [source for source in sources if isinstance(source, SecretSource)]
        self._fixed = tuple(fixed)

    @classmethod
    def for_client(cls, auth: object, headers: Mapping[str, str] | None) -> Redactor:
        """The secrets of a client: its auth's, and credentials in its fixed headers."""
        fixed = [
            secret
            for name, value in (headers or {}).items()
            if isinstance(name, str) and isinstance(value, str)
            if name.lower() in _CREDENTIAL_HEADERS
            for secret in _header_secrets(value)
        ]
        return cls([auth], fixed)

    def _forms(self, request: httpx.Request | None) -> list[str]:
        secrets: set[str] = set(self._fixed)
        for source in self._sources:
            secrets.update(source.known_secrets())
        if request is not None:
            for name in _CREDENTIAL_HEADERS:
                value = request.headers.get(name)
                if value:
                    secrets.update(_header_secrets(value))
        forms = {
            form
            for secret in secrets
            if len(secret) >= MIN_SECRET_LENGTH
            for form in _forms(secret)
            if form
        }
        # Longest first, so that no shorter secret breaks up a longer one it is part of.
        return sorted(forms, key=len, reverse=True)

    def text(self, text: str, request: httpx.Request | None = None) -> str:
        """`text` safe to log: secrets masked, printable, capped."""
        return _clean(text, self._forms(request))

    def scrub(self, error: errors.AttachkitError, request: httpx.Request | None = None) -> None:
        """Makes `error` (and the errors it was raised from) safe to show, in place."""
        forms = self._forms(request)
        link: BaseException = error
        seen: set[int] = set()
        while id(link) not in seen:
            seen.add(id(link))
            if isinstance(link, errors.AttachkitError):
                _scrub_texts(link, forms)
            following = link.__cause__ or link.__context__
            if following is None:
                return
            if not isinstance(following, errors.AttachkitError) and _shows_secret(following, forms):
                # What went wrong below (a parser's message) would show a secret: drop it.
                link.__cause__ = link.__context__ = None
                link.__suppress_context__ = True
                return
            link = following


def _redact(text: str, forms: list[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    if text.endswith(CUT_MARK):
        # A secret cut in two by a length limit leaves its start just before the mark.
        kept = text[: -len(CUT_MARK)]
        for form in forms:
            for length in range(min(len(form), len(kept)), 0, -1):
                if kept.endswith(form[:length]):
                    kept = kept[:-length] + REDACTED
                    break
        text = kept + CUT_MARK
    return text


def _shows_secret(error: BaseException, forms: list[str]) -> bool:
    try:
        shown = f"{error}\n{error!r}"
    except Exception:  # an exception that cannot even say what it is shows nothing
        return True
    return any(form in shown for form in forms)


def _clean(text: str, forms: list[str], *, verbatim: bool = False) -> str:
    text = _redact(text, forms)
    if not verbatim:
        text = printable(text)
    return _redact(cut(text, TEXT_LIMIT), forms) if len(text) > TEXT_LIMIT else text


def _scrub_texts(error: errors.AttachkitError, forms: list[str]) -> None:
    for name, value in vars(error).items():
        if isinstance(value, str):
            # A body is kept as the vendor sent it (line breaks and all), only redacted.
            setattr(error, name, _clean(value, forms, verbatim=name == "body"))
    error.args = tuple(_clean(arg, forms) if isinstance(arg, str) else arg for arg in error.args)

"""Finding secrets in text, in every form a vendor or a library may write them, and masking them.

A `Masker` is made once for a set of secrets (`masker_for` keeps the last few) and masks, in
any text:

- each secret as sent, URL-encoded (`quote`, `quote_plus`), JSON-escaped (also with `\\/`),
  as Python's `repr` and HTML show it, and base64-encoded (standard and URL-safe alphabet,
  with and without padding, and the part that stays the same wherever in a larger encoded
  text the secret starts, as in `Basic base64(user:password)`);
- a piece of one of those forms of at least `FRAGMENT` characters, wherever it stands (a
  secret split across a length limit, ours or the vendor's), unless it is too uniform to
  tell apart from other text;
- a shorter piece right before or after a cut mark (`…` or `...`, as in `'Bearer c6b4…'`),
  any start of one before a `…` that ends the text (attachkit's own cut), or at the end of
  a text said to be cut;
- the value of every URL query parameter whose name says it is a credential
  (`?access_token=`, `&partner_token=`, `&signature=`...), whether the value is known or not.

Secrets shorter than `MIN_SECRET_LENGTH` are not looked for: masking every "ab" would
garble every line, and no real password or token is that short.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, quote_plus

__all__ = [
    "CREDENTIAL_PARAMETERS",
    "CUT_MARK",
    "FRAGMENT",
    "MIN_SECRET_LENGTH",
    "Masker",
    "masker_for",
    "normal_name",
]

MIN_SECRET_LENGTH = 4
FRAGMENT = 12
"""Characters of a secret's form that are masked wherever they stand."""
_VARIED = 6
"""Distinct characters a piece needs to count: a run such as `MDAwMDAwMDAw` (base64 of
zeros, in a JWT's timestamps) is as likely to be in a file's content as in a secret."""
_MARKED_FRAGMENT = 4
"""Characters of a secret's form masked when a cut mark follows or precedes them."""
CUT_MARK = "\u2026"
"""How attachkit ends a text it cut short (vendors use it too, or `...`)."""
_CUT_MARKS = (CUT_MARK, "...")


def normal_name(name: str) -> str:
    """A field or parameter name as compared: lower case, without `_` and `-`."""
    return name.lower().replace("_", "").replace("-", "")


CREDENTIAL_PARAMETERS = frozenset(
    normal_name(name)
    for name in (
        "token",
        "access_token",
        "refresh_token",
        "partner_token",
        "user_token",
        "password",
        "key",
        "api_key",
        "signature",
        "client_secret",
    )
)
"""Query parameters whose value is masked whatever it is (compared by `normal_name`)."""

# A query parameter: after `?`, `&`, `;` (also HTML's `&amp;`), a name, `=`, a value up to the
# next separator, quote, space or bracket.
_PARAMETER = re.compile(r"(?<=[?&;])([A-Za-z0-9_.\-]{1,64})=([^&;#\s\"'<>\\]+)")


def _base64_forms(secret: str) -> set[str]:
    """The secret base64-encoded on its own, and (when long enough to be told apart from
    other base64 text) the characters that depend only on its bytes wherever it starts in a
    larger encoded text: at a byte offset of 0, 1 or 2 modulo 3."""
    data = secret.encode("utf-8")
    forms: set[str] = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        whole = encode(data).decode("ascii")
        forms |= {whole, whole.rstrip("=")}
        for shift in range(3):
            encoded = encode(b"\0" * shift + data).decode("ascii").rstrip("=")
            first = -(-8 * shift // 6)  # the first character with no bit of the padding
            last = 8 * (shift + len(data)) // 6  # after the last one with no bit of what follows
            core = encoded[first:last]
            if len(core) >= FRAGMENT:
                forms.add(core)
    return forms


def _forms(secret: str) -> set[str]:
    escaped = json.dumps(secret)[1:-1]
    forms = {
        secret,
        quote_plus(secret),
        quote(secret, safe=""),
        quote(secret),
        escaped,
        escaped.replace("/", "\\/"),
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        html.escape(secret),
    }
    return {form for form in forms | _base64_forms(secret) if len(form) >= MIN_SECRET_LENGTH}


class Masker:
    """Masks a fixed set of secrets with `placeholder` (see the module's description)."""

    def __init__(self, secrets: Iterable[str], placeholder: str) -> None:
        kept = {secret for secret in secrets if len(secret) >= MIN_SECRET_LENGTH}
        forms = {form for secret in kept for form in _forms(secret)}
        # Longest first, so that no shorter secret breaks up a longer one it is part of.
        self.forms = sorted(forms, key=lambda form: (-len(form), form))
        self.placeholder = placeholder
        self._url_placeholder = quote(placeholder, safe="*")
        self._grams = frozenset(
            gram
            for form in forms
            for start in range(len(form) - FRAGMENT + 1)
            if len(set(gram := form[start : start + FRAGMENT])) >= _VARIED
        )

    def __bool__(self) -> bool:
        return bool(self.forms)

    def mask(self, text: str, *, cut: bool = False) -> str:
        """`text` with every secret (and piece of one) masked; `cut` says the text was cut
        short at its end, so that a secret's first characters there are masked too."""
        if self.forms:
            for form in self.forms:
                if form in text:
                    text = text.replace(form, self.placeholder)
            text = self._fragments(text)
            text = self._beside_marks(text, cut)
        if "=" in text:
            text = _PARAMETER.sub(self._parameter, text)
        return text

    def _parameter(self, match: re.Match[str]) -> str:
        if normal_name(match[1]) in CREDENTIAL_PARAMETERS and match[2] != self._url_placeholder:
            return f"{match[1]}={self._url_placeholder}"
        return match[0]

    def _fragments(self, text: str) -> str:
        """Pieces of at least `FRAGMENT` characters of any form, merged where they overlap."""
        if len(text) < FRAGMENT or not self._grams:
            return text
        grams = self._grams
        spans: list[list[int]] = []
        for start in range(len(text) - FRAGMENT + 1):
            if text[start : start + FRAGMENT] in grams:
                end = start + FRAGMENT
                if spans and start <= spans[-1][1]:
                    spans[-1][1] = end
                else:
                    spans.append([start, end])
        for start, end in reversed(spans):
            text = text[:start] + self.placeholder + text[end:]
        return text

    def _beside_marks(self, text: str, cut: bool) -> str:
        for mark in _CUT_MARKS:
            position = text.find(mark)
            while position >= 0:
                # Our own cut mark ends a text: any start of a secret before it is masked.
                last = mark == CUT_MARK and position == len(text) - len(mark)
                shortest = 1 if last else _MARKED_FRAGMENT
                before = self._longest_prefix_ending(text, position, shortest)
                if before:
                    text = text[: position - before] + self.placeholder + text[position:]
                    position += len(self.placeholder) - before
                after_start = position + len(mark)
                after = self._longest_suffix_starting(text, after_start)
                if after:
                    text = text[:after_start] + self.placeholder + text[after_start + after :]
                position = text.find(mark, after_start)
        if cut:
            # Our own cut can leave any number of a secret's first characters at the end.
            length = self._longest_prefix_ending(text, len(text), 1)
            if length:
                text = text[:-length] + self.placeholder
        return text

    def _longest_prefix_ending(self, text: str, end: int, shortest: int) -> int:
        """How many characters before `end` are the start of a form (0 when fewer than
        `shortest`)."""
        best = 0
        for form in self.forms:
            for length in range(min(len(form), end), max(best, shortest - 1), -1):
                if text.startswith(form[:length], end - length):
                    best = length
                    break
        return best

    def _longest_suffix_starting(self, text: str, start: int) -> int:
        best = 0
        room = len(text) - start
        for form in self.forms:
            for length in range(min(len(form), room), max(best, _MARKED_FRAGMENT - 1), -1):
                if text.startswith(form[-length:], start):
                    best = length
                    break
        return best


@lru_cache(maxsize=32)
def _cached(secrets: frozenset[str], placeholder: str) -> Masker:
    return Masker(secrets, placeholder)


def masker_for(secrets: Iterable[str], placeholder: str) -> Masker:
    """A `Masker` for these secrets; the last few sets asked for are kept, so that asking
    again for every log line costs a lookup."""
    return _cached(frozenset(secret for secret in secrets if secret), placeholder)

"""Looking for a secret in a text the way someone who wants it would: as it is, URL- or
JSON-encoded, a piece of it, its start before a cut mark, or inside anything that decodes as
base64. Written apart from `attachkit.masking` (which encodes secrets to find them; this
decodes the text), so the two do not share a blind spot."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from urllib.parse import quote, quote_plus, unquote_plus

__all__ = ["PIECE", "Leaks", "leaks", "strings_in"]

PIECE = 10
"""Characters of a secret that may not appear anywhere, in a row."""
VARIED = 6
"""Distinct characters a piece needs to count."""
CUT_START = 6
"""Characters of a secret's start that may not stand before a cut mark."""
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{14,}={0,2}")


def _pieces(secret: str) -> set[str]:
    """Its pieces of `PIECE` characters, but those too uniform to be told apart from other
    text (`AwMDAwMDAw`, base64 of zeros, is in a JWT and in many a file)."""
    size = min(PIECE, len(secret))
    pieces = {secret[i : i + size] for i in range(len(secret) - size + 1)}
    return {piece for piece in pieces if len(set(piece)) >= min(VARIED, len(set(secret)))}


def _decoded_runs(text: str) -> list[str]:
    """Every run of base64 characters, decoded at each of the four possible alignments."""
    found = []
    for match in _BASE64_RUN.finditer(text):
        run = match[0].rstrip("=")
        for start in range(4):
            chunk = run[start:]
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    found.append(decode(chunk).decode("latin-1"))
                except (binascii.Error, ValueError):
                    continue
    return found


class Leaks:
    """Looks for several secrets at once (each text's base64 runs are decoded once)."""

    def __init__(self, secrets: list[str]) -> None:
        self._secrets = [
            (
                secret,
                (
                    ("as is", secret),
                    ("URL-encoded", quote(secret, safe="")),
                    ("form-encoded", quote_plus(secret)),
                    ("JSON-escaped", json.dumps(secret)[1:-1]),
                ),
                sorted(_pieces(secret)),
            )
            for secret in secrets
        ]

    def find(self, text: str) -> list[tuple[int, str]]:
        """(index of the secret, how it shows) for each one `text` shows."""
        decoded = unquote_plus(text)
        runs = _decoded_runs(text)
        found = []
        for index, (secret, forms, pieces) in enumerate(self._secrets):
            found += [(index, name) for name, form in forms if form in text]
            found += [(index, f"a piece {piece!r}") for piece in pieces if piece in decoded]
            for mark in ("\u2026", "..."):
                if secret[:CUT_START] + mark in decoded:
                    found.append((index, f"its start before {mark!r}"))
            if any(piece in plain for plain in runs for piece in pieces):
                found.append((index, "base64-encoded"))
        return found


def leaks(text: str, secret: str) -> list[str]:
    """How `secret` shows in `text` ([] when it does not)."""
    return [how for _, how in Leaks([secret]).find(text)]


def strings_in(value: object) -> Iterator[str]:
    """Every string anywhere in a loaded cassette (keys too), bytes decoded as Latin-1 (which
    keeps every byte: an ASCII secret in a body of any charset shows as itself)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif isinstance(value, str):
        yield value

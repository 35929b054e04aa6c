"""How Amili reports errors (undocumented; RFC 7807 problem details are assumed)."""

from __future__ import annotations

import json

import httpx

from ..runner import Vendor

__all__ = ["AMILI"]


def _error_message(response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        text = response.text.strip()
        return None if not text or text.startswith("<") else text[:500]
    if not isinstance(body, dict):
        return None
    for key in ("detail", "title", "message", "error"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return None


AMILI = Vendor("amili", _error_message)

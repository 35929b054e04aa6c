"""How Amili reports errors (undocumented; RFC 7807 problem details are assumed)."""

from __future__ import annotations

from ..vendorkit import Vendor

__all__ = ["AMILI"]


def _error_message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    for key in ("detail", "title", "message", "error"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return None


AMILI = Vendor("amili", _error_message)

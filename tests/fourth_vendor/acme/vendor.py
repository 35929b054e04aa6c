"""How Acme reports errors: `{"error": text}`."""

from __future__ import annotations

from attachkit.vendorkit import Vendor

__all__ = ["ACME"]


def _message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    message = body.get("error")
    return message if isinstance(message, str) and message else None


ACME = Vendor("acme", _message)

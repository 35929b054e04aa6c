"""How Envi reports errors."""

from __future__ import annotations

import json

import httpx

from ..runner import Vendor

__all__ = ["ENVI"]


def _error_message(response: httpx.Response) -> str | None:
    """OData errors ({"error": {"message"}}), token errors ({"error", "error_description"})
    or the plain text of a quota response."""
    try:
        body = json.loads(response.content)
    except ValueError:
        text = response.text.strip()
        # An HTML error page says nothing useful; plain text (the quota message) does.
        if not text or text.startswith("<"):
            return None
        return text[:500]
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict):
        message = error.get("message")
        code = error.get("code")
        if isinstance(message, str):
            return f"{code}: {message}" if isinstance(code, str) else message
    description = body.get("error_description")
    if isinstance(description, str):
        return description
    return error if isinstance(error, str) else None


ENVI = Vendor("envi", _error_message)

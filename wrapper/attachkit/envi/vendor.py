"""How Envi reports errors."""

from __future__ import annotations

from ..status import Vendor

__all__ = ["ACCEPT", "CONTENT_ACCEPT", "ENVI"]

ACCEPT = "application/json"
"""What Envi's docs send on their requests (the token request and data calls)."""
CONTENT_ACCEPT = "*/*"
"""A file's content is its own bytes, of its own type, not JSON."""


def _error_message(body: object) -> str | None:
    """OData errors ({"error": {"message"}}) or token errors ({"error", "error_description"});
    the runner reads non-JSON bodies (the quota response's text) itself."""
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

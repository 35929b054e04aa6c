"""How Envi reports errors."""

from __future__ import annotations

import json

import httpx2

from ..vendorkit import Vendor
from .versions import SUPPORTED_HEADER, advertised

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


def _error_detail(response: httpx2.Response) -> str | None:
    """For an api-version Envi does not support: the versions it says it does."""
    if response.status_code != 400 or b"UnsupportedApiVersion" not in response.content:
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or error.get("code") != "UnsupportedApiVersion":
        return None
    versions = advertised(response, SUPPORTED_HEADER)
    return f"supported api-versions: {', '.join(versions)}" if versions else None


ENVI = Vendor("envi", _error_message, error_detail=_error_detail)

"""Envi's `api-version`: the caller's choice, checked, and a warning when Envi deprecates it.

Envi supports only 1.0 today "but it will change soon". Every response advertises the
versions in two multi-value headers, and a deprecated version "is still implemented but is
expected to be removed in six months or more": the moment to tell the caller, once.
"""

from __future__ import annotations

import warnings

import httpx2

from .._core.callers import stacklevel_outside_attachkit
from ..errors import DeprecatedApiVersionWarning
from ..logs import vendor_logger

_LOG = vendor_logger("envi")

__all__ = [
    "DEFAULT_API_VERSION",
    "DEPRECATED_HEADER",
    "SUPPORTED_HEADER",
    "DeprecationWatch",
    "advertised",
    "check_api_version",
]

DEFAULT_API_VERSION = "1.0"
SUPPORTED_HEADER = "api-supported-versions"
DEPRECATED_HEADER = "api-deprecated-versions"


def check_api_version(value: object) -> str:
    """A caller's `api_version`: a non-empty string of visible ASCII (it is a header value)."""
    if not isinstance(value, str):
        raise TypeError(f"api_version must be a string, not {type(value).__name__}")
    if not value:
        raise ValueError("api_version must not be empty")
    if not all("!" <= char <= "~" for char in value):
        raise ValueError(f"api_version must be visible ASCII without spaces, not {value!r}")
    return value


def advertised(response: httpx2.Response, header: str) -> tuple[str, ...]:
    """The versions a multi-value header lists: comma-separated, on repeated lines, or both.

    x-attachkit-assumption: "multi-value" means either form (the docs show one value only).
    """
    versions: list[str] = []
    for line in response.headers.get_list(header):
        versions += [version.strip() for version in line.split(",") if version.strip()]
    return tuple(versions)


class DeprecationWatch:
    """Warns once per client, the first time a response lists the version in use as deprecated."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.warned = False

    def check(self, response: httpx2.Response) -> None:
        if self.warned:
            return
        deprecated = advertised(response, DEPRECATED_HEADER)
        if self.version not in deprecated:
            return
        self.warned = True
        supported = tuple(v for v in advertised(response, SUPPORTED_HEADER) if v not in deprecated)
        offer = ", ".join(supported) if supported else "none advertised"
        _LOG.warning("api-version %s is deprecated; supported versions: %s", self.version, offer)
        warnings.warn(
            DeprecatedApiVersionWarning(
                f"envi: api-version {self.version} is deprecated (Envi expects to remove a "
                f"deprecated version in six months or more); supported versions: {offer}. "
                "Choose one with api_version= (--api-version on the command line).",
                version=self.version,
                supported_versions=supported,
            ),
            stacklevel=stacklevel_outside_attachkit(),
        )

"""Where to ask for the next page, given Envi's `@odata.nextLink`.

Only the link's path and query are used, sent to the configured base URL: an OData server
behind a TLS-terminating proxy often writes `http://` or an internal host name into its
links, and following those would stop a listing after page one, or send the bearer token
somewhere the caller never configured. A link whose path is not under the base URL's path,
or that is no usable URL at all, is refused with `NextLinkError`.
"""

from __future__ import annotations

import httpx2

__all__ = ["MAX_LINK_LENGTH", "NextLinkError", "next_page_url"]

MAX_LINK_LENGTH = 32 * 1024
"""Longer links are refused: a query that long is no page cursor (httpx2's own limit is 64k)."""


class NextLinkError(ValueError):
    """The next link cannot be followed; the message says why, without echoing the link."""


def _is_control(char: str) -> bool:
    """C0 and C1 controls and DEL: they split or smuggle requests."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _check_characters(link: str) -> None:
    if len(link) > MAX_LINK_LENGTH:
        raise NextLinkError(f"it is longer than {MAX_LINK_LENGTH} characters")
    for position, char in enumerate(link):
        if _is_control(char):
            raise NextLinkError(f"it has a control character at position {position}")
        if 0xD800 <= ord(char) <= 0xDFFF:  # cannot be encoded at all
            raise NextLinkError(f"it has a lone surrogate at position {position}")


def _parse(link: str, page_url: httpx2.URL) -> httpx2.URL:
    try:
        url = httpx2.URL(link)
        # A relative link is relative to the page that gave it, as in any document.
        return page_url.join(url) if url.is_relative_url else url
    except (httpx2.InvalidURL, ValueError, UnicodeError, TypeError):
        raise NextLinkError("it is not a valid URL") from None


def _check_path(path: str, base_path: str) -> None:
    """`path` is percent-decoded, so an encoded `..` or separator is caught as well."""
    segments = path.split("/")
    if any(segment in (".", "..") for segment in segments) or "\\" in path:
        raise NextLinkError("its path has dot segments or backslashes")
    if any(_is_control(char) for char in path):
        raise NextLinkError("its path has an encoded control character")
    if path != base_path and not path.startswith(base_path + "/"):
        raise NextLinkError(f"its path is not under the base URL's path {base_path or '/'!r}")


def next_page_url(link: str, base_url: httpx2.URL, page_url: httpx2.URL) -> httpx2.URL:
    """The next page's URL: the link's path and query on `base_url`'s scheme, host and port.

    x-attachkit-assumption: the link's path and query are valid on the configured base URL
    whatever scheme and host it names (Envi documents the link as absolute, nothing more).

    `page_url` is the URL of the page that held the link (a relative link is resolved
    against it). Raises NextLinkError for a link that cannot be followed.
    """
    _check_characters(link)
    url = _parse(link, page_url)
    if url.scheme not in ("http", "https"):
        raise NextLinkError("it is not an http(s) URL")
    _check_path(url.path, base_url.path.rstrip("/"))
    try:
        return base_url.copy_with(raw_path=url.raw_path)
    except (httpx2.InvalidURL, ValueError):
        raise NextLinkError("it is not a valid URL") from None

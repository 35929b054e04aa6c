"""Where an Altegio download may go: the one place that decides which URL gets the tokens.

A listed file has `link`, a path on Altegio's web application, and may have `full_link`, the
absolute download URL. A download uses `full_link` when the row has one, else the configured
web base URL + `link`. The request carries both API tokens (the vendor documents no other
way to authorize it), so the URL is checked before anything is sent:

- with a configured web base URL, only URLs on its origin (scheme, host and port) and under
  its path;
- without one, only https URLs on the default port of alteg.io, yclients.com (the legacy
  host) or a subdomain of either.

In both cases the text must be printable ASCII (no controls, spaces or backslashes) of at
most `MAX_LENGTH` characters, with no user info (`https://app.alteg.io@evil.example/`) and
no dot segments or encoded slashes in its path (plain or percent-encoded), which could
lead out of the web base URL's path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs
import httpx2

from attachkit_altegio_client.types import Unset

__all__ = ["ALTEGIO_DOMAINS", "MAX_LENGTH", "RefusedLink", "WebBase", "download_url"]

# x-attachkit-assumption: downloads live on https hosts under these domains (Altegio's MCP
# server passes full_link on only for app.alteg.io and yclients.com; a docs page shows
# api.alteg.io); tokens go nowhere else unless a web base URL is configured.
ALTEGIO_DOMAINS = ("alteg.io", "yclients.com")
# x-attachkit-assumption: a download takes the API's Authorization header with both tokens
# (the client's auth puts it on every request; the web app's auth is not documented).
MAX_LENGTH = 2048
"""Longest link accepted: real ones are under 100 characters."""
_DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedLink(ValueError):
    """A link the tokens must not be sent to, or that is no usable URL; says why."""


@attrs.frozen
class WebBase:
    """A configured web base URL: the origin and path downloads may go to."""

    text: str
    scheme: str
    host: str
    port: int
    path: str
    """Its path without a trailing slash ("" for the host's root)."""

    @classmethod
    def parse(cls, text: str) -> WebBase:
        """From a base URL the client has checked already (absolute http or https)."""
        url = httpx2.URL(text)
        path = url.raw_path.split(b"?", 1)[0].decode("ascii").rstrip("/")
        return cls(text.rstrip("/"), url.scheme, url.host, _port(url), path)


def download_url(link: object, full_link: object, web_base: WebBase | None) -> httpx2.URL | None:
    """The URL to download a row from; None when the row has no `full_link` and no web base
    URL is configured. Raises RefusedLink for anything that may not get the tokens.

    An absent, null or empty `full_link` counts as none (a vendor's way of saying so)."""
    if full_link is not None and full_link != "" and not isinstance(full_link, Unset):
        url = _absolute(_text(full_link, "full_link"), "full_link")
        if web_base is None:
            _check_altegio_host(url)
        else:
            _check_under(url, web_base, "full_link")
        return url
    if web_base is None:
        return None
    path = _text(link, "link")
    if not path.startswith("/") or path.startswith("//"):
        raise RefusedLink(f"link {_shown(path)} is not a path on the web application")
    url = _absolute(web_base.text + path, "link")
    _check_under(url, web_base, "link")
    return url


def _shown(value: str) -> str:
    """A link for a message: long hostile values are cut short."""
    return repr(value) if len(value) <= 100 else repr(value[:100]) + "..."


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise RefusedLink(f"{field} is {type(value).__name__}, not a string")
    if not value:
        raise RefusedLink(f"{field} is empty")
    if len(value) > MAX_LENGTH:
        raise RefusedLink(f"{field} is {len(value)} characters long (at most {MAX_LENGTH})")
    if not all("!" <= char <= "~" for char in value) or "\\" in value:
        raise RefusedLink(f"{field} {_shown(value)} holds characters no URL may hold")
    return value


def _absolute(text: str, field: str) -> httpx2.URL:
    try:
        raw = urlsplit(text)
    except ValueError:  # a bracketed host that is no IP address, or an unclosed bracket
        raise RefusedLink(f"{field} {_shown(text)} is not a valid URL") from None
    if raw.scheme.lower() not in _DEFAULT_PORTS or not raw.netloc:
        raise RefusedLink(f"{field} {_shown(text)} is not an absolute http(s) URL")
    if "@" in raw.netloc:
        raise RefusedLink(f"{field} {_shown(text)} carries user info")
    lowered = raw.path.lower()
    if "%2f" in lowered or "%5c" in lowered:
        raise RefusedLink(f"{field} {_shown(text)} has an encoded slash in its path")
    for segment in lowered.split("/"):
        if segment.replace("%2e", ".") in (".", ".."):
            raise RefusedLink(f"{field} {_shown(text)} has a path that climbs out")
    try:
        url = httpx2.URL(text)
    except (httpx2.InvalidURL, ValueError, UnicodeError):
        raise RefusedLink(f"{field} {_shown(text)} is not a valid URL") from None
    if not url.host:
        raise RefusedLink(f"{field} {_shown(text)} has no host")
    return url


def _port(url: httpx2.URL) -> int:
    return url.port if url.port is not None else _DEFAULT_PORTS[url.scheme]


def _check_altegio_host(url: httpx2.URL) -> None:
    host = url.host
    on_domain = any(host == domain or host.endswith("." + domain) for domain in ALTEGIO_DOMAINS)
    if url.scheme != "https" or _port(url) != 443 or not on_domain:
        raise RefusedLink(
            f"full_link {_shown(str(url))} is not an https URL on "
            f"{' or '.join(ALTEGIO_DOMAINS)}; configure web_base_url to download from "
            "another host"
        )


def _check_under(url: httpx2.URL, web_base: WebBase, field: str) -> None:
    same_origin = (url.scheme, url.host, _port(url)) == (
        web_base.scheme,
        web_base.host,
        web_base.port,
    )
    path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    if not same_origin or not path.startswith(web_base.path + "/"):
        raise RefusedLink(f"{field} {_shown(str(url))} is not under web_base_url {web_base.text}")

"""Saying why a vendor could not be reached: which host and port, and what went wrong
(refused, DNS, TLS, a timeout, a connection that broke), in words a user can act on."""

from __future__ import annotations

import socket
import ssl

import httpx

from . import errors
from .status import Vendor

__all__ = ["reason", "transport_error"]

_TIMEOUTS = {
    httpx.ConnectTimeout: "no connection within the connect timeout",
    httpx.ReadTimeout: "no answer within the read timeout",
    httpx.WriteTimeout: "the request could not be sent within the write timeout",
    httpx.PoolTimeout: "no free connection within the pool timeout",
}


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in found:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found


def reason(exc: Exception) -> str:
    """Why `exc` (an httpx transport error) happened, in a few words."""
    for link in _chain(exc):
        if isinstance(link, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({link.verify_message})"
        if isinstance(link, ssl.SSLError):
            return "TLS handshake failed"
        if isinstance(link, socket.gaierror):
            return "DNS lookup failed (no such host, or no DNS)"
        if isinstance(link, ConnectionRefusedError):
            return "connection refused (nothing listens there)"
        if isinstance(link, ConnectionResetError):
            return "connection reset by the other side"
    for kind, text in _TIMEOUTS.items():
        if isinstance(exc, kind):
            return text
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection or broke the protocol"
    if isinstance(exc, httpx.ProxyError):
        return "the proxy refused or failed"
    return type(exc).__name__


def _address(url: httpx.URL) -> str:
    port = url.port or {"https": 443, "http": 80}.get(url.scheme, 0)
    return f"{url.host}:{port}"


def transport_error(vendor: Vendor, request: httpx.Request, exc: Exception) -> errors.APIError:
    """The error for a request that got no usable answer: where it went and why."""
    where = f"{request.method} {request.url.path}"
    address = _address(request.url)
    common = {"vendor": vendor.name, "method": request.method, "url": str(request.url)}
    why = reason(exc)
    if isinstance(exc, httpx.TimeoutException):
        return errors.APITimeoutError(
            f"{vendor.name}: {address} timed out on {where}: {why}", **common
        )
    if isinstance(exc, httpx.ConnectError):
        return errors.APIConnectionError(
            f"{vendor.name}: could not connect to {address} for {where}: {why}", **common
        )
    return errors.APIConnectionError(
        f"{vendor.name}: the connection to {address} failed on {where}: {why}", **common
    )

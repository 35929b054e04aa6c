"""Saying why a vendor could not be reached: which host and port, and what went wrong
(refused, DNS, TLS, a timeout, a connection that broke), in words a user can act on."""

from __future__ import annotations

import socket
import ssl

import httpx2

from .. import errors
from .status import Vendor

__all__ = ["reason", "transport_error"]

_TIMEOUTS = {
    httpx2.ConnectTimeout: "no connection within the connect timeout",
    httpx2.ReadTimeout: "no answer within the read timeout",
    httpx2.WriteTimeout: "the request could not be sent within the write timeout",
    httpx2.PoolTimeout: "no free connection within the pool timeout",
}


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in found:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found


def reason(exc: Exception) -> str:
    """Why `exc` (an httpx2 transport error) happened, in a few words."""
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
    if isinstance(exc, httpx2.RemoteProtocolError):
        return "the server closed the connection or broke the protocol"
    if isinstance(exc, httpx2.ProxyError):
        return "the proxy refused or failed"
    return type(exc).__name__


def _address(url: httpx2.URL) -> str:
    port = url.port or {"https": 443, "http": 80}.get(url.scheme, 0)
    return f"{url.host}:{port}"


def transport_error(vendor: Vendor, request: httpx2.Request, exc: Exception) -> errors.APIError:
    """The error for a request that got no usable answer: where it went and why."""
    where = f"{request.method} {request.url.path}"
    address = _address(request.url)
    common = {"vendor": vendor.name, "method": request.method, "url": str(request.url)}
    why = reason(exc)
    if isinstance(exc, httpx2.TimeoutException):
        return errors.APITimeoutError(
            f"{vendor.name}: {address} timed out on {where}: {why}", **common
        )
    if isinstance(exc, httpx2.ConnectError):
        return errors.APIConnectionError(
            f"{vendor.name}: could not connect to {address} for {where}: {why}", **common
        )
    return errors.APIConnectionError(
        f"{vendor.name}: the connection to {address} failed on {where}: {why}", **common
    )

"""Checks on the HTTP objects callers hand to clients (`transport=`, `auth=`, `timeout=`).

attachkit runs on httpx2. Objects of the `httpx` package it continues look the same but are
not interchangeable: an httpx transport fails deep inside a request, an httpx `Auth` is not
an httpx2 one. Such objects are refused when the client is made, with a message that says
where they come from and what to do instead.
"""

from __future__ import annotations

import httpx2

__all__ = ["async_transport", "auth", "refuse_old_package", "sync_transport"]

OLD_PACKAGE = "httpx"
MIGRATING = 'build it with httpx2 instead (see "Migrating from httpx" in the README)'


def _from_old_package(value: object) -> str | None:
    """How `value`'s class is known in the httpx package, if it is one of its or derives
    from one ("httpx.MockTransport", "TokenAuth, an httpx.Auth"), else None."""
    kind = type(value)
    for base in kind.__mro__:
        if base.__module__.partition(".")[0] == OLD_PACKAGE:
            name = f"{OLD_PACKAGE}.{base.__qualname__}"
            return name if base is kind else f"{kind.__name__}, an {name}"
    return None


def _refuse(value: object, what: str, expected: str) -> TypeError:
    old = _from_old_package(value)
    if old is not None:
        return TypeError(f"{what} must be an {expected}, not {old}: {MIGRATING}")
    return TypeError(f"{what} must be an {expected}, not {type(value).__name__}")


def refuse_old_package(value: object, what: str, expected: str) -> None:
    """Raises the TypeError that points to httpx2 when `value` comes from httpx."""
    if _from_old_package(value) is not None:
        raise _refuse(value, what, expected)


def sync_transport(value: object) -> httpx2.BaseTransport | None:
    """A synchronous client's `transport`: None (httpx2's own) or an httpx2 transport."""
    if value is None or isinstance(value, httpx2.BaseTransport):
        return value
    raise _refuse(value, "transport", "httpx2.BaseTransport")


def async_transport(value: object) -> httpx2.AsyncBaseTransport | None:
    """An async client's `transport`: None (httpx2's own) or an httpx2 async transport."""
    if value is None or isinstance(value, httpx2.AsyncBaseTransport):
        return value
    raise _refuse(value, "transport", "httpx2.AsyncBaseTransport")


def auth(value: object) -> httpx2.Auth:
    """An `auth=` object: an httpx2.Auth."""
    if isinstance(value, httpx2.Auth):
        return value
    raise _refuse(value, "auth", "httpx2.Auth")

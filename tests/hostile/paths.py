"""Every way into a vendor that the hostile suite attacks (this module holds no tests).

A `Path` is one operation of one vendor's clients, sync and async: how to make the client
over a transport, what to call, which kinds of request the attack answers (the others get
the vendor's documented answer), any answers that come first (a 401 that forces a
refresh), the links in the answers that the client follows (attacked harder), where it may
send requests, and which of its requests are writes that must never be retried. Each
vendor's paths are in its part of the suite (`HostileVendor`, in
`tests/vendors/<vendor>/hostile.py`); `all_paths()` gathers them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path as FilePath
from typing import Any

import attrs
import httpx2

from attachkit import Attachment
from tests.hostile import world
from tests.hostile.world import Answer


def no_wait(seconds: float) -> None:
    """Retries and pacing do not wait in these tests."""


async def async_no_wait(seconds: float) -> None:
    """The async twin of `no_wait`."""


# --- what each path does, sync and async ------------------------------------------------------

SyncCall = Callable[[Any, FilePath], object]
AsyncCall = Callable[[Any, FilePath], Awaitable[object]]


@attrs.frozen
class Fetched:
    """What a download path gave: the attachment as listed, and its bytes (`download`,
    `open`) or the path it was saved at (`save`)."""

    attachment: Attachment
    value: bytes | FilePath

    @property
    def content(self) -> bytes:
        return self.value if isinstance(self.value, bytes) else self.value.read_bytes()


def sync_calls(first: Callable[[Any], Attachment | None]) -> dict[str, SyncCall]:
    """download/open/save of the attachment `first(client)` gives (nothing if it gives
    none: a listing may well be empty)."""

    def download(client: Any, directory: FilePath) -> Fetched | None:
        attachment = first(client)
        return None if attachment is None else Fetched(attachment, client.download(attachment))

    def opened(client: Any, directory: FilePath) -> Fetched | None:
        attachment = first(client)
        if attachment is None:
            return None
        with client.open(attachment, chunk_size=5) as chunks:
            return Fetched(attachment, b"".join(chunks))

    def save(client: Any, directory: FilePath) -> Fetched | None:
        attachment = first(client)
        if attachment is None:
            return None
        return Fetched(attachment, client.save(attachment, directory))

    return {"download": download, "open": opened, "save": save}


def async_calls(first: Callable[[Any], Awaitable[Attachment | None]]) -> dict[str, AsyncCall]:
    async def download(client: Any, directory: FilePath) -> Fetched | None:
        attachment = await first(client)
        if attachment is None:
            return None
        return Fetched(attachment, await client.download(attachment))

    async def opened(client: Any, directory: FilePath) -> Fetched | None:
        attachment = await first(client)
        if attachment is None:
            return None
        async with client.open(attachment, chunk_size=5) as chunks:
            return Fetched(attachment, b"".join([chunk async for chunk in chunks]))

    async def save(client: Any, directory: FilePath) -> Fetched | None:
        attachment = await first(client)
        if attachment is None:
            return None
        return Fetched(attachment, await client.save(attachment, directory))

    return {"download": download, "open": opened, "save": save}


async def async_list(paginator: Any) -> list[Attachment]:
    return [item async for item in paginator]


def first_listed(listing: Callable[[Any], Any]) -> Callable[[Any], Attachment | None]:
    def first(client: Any) -> Attachment | None:
        attachment: Attachment | None = next(iter(listing(client)), None)
        return attachment

    return first


def async_first_listed(
    listing: Callable[[Any], Any],
) -> Callable[[Any], Awaitable[Attachment | None]]:
    async def first(client: Any) -> Attachment | None:
        found: Attachment | None = None
        async for attachment in listing(client):
            found = attachment
            break
        return found

    return first


async def awaited(value: Awaitable[object]) -> object:
    return await value


async def as_awaitable(value: Attachment) -> Attachment | None:
    return value


# --- the paths -------------------------------------------------------------------------------

JsonPattern = tuple[str, ...]
"""Where a field is in an answer: keys, "*" for every item of a list."""


@attrs.frozen(repr=False)
class Path:
    """`operation` of `vendor`, with the answers of `attacked` kinds drawn by the fuzzer
    (starting from the documented ones) after the fixed `before` answers of each kind.

    `follows`: the links the client follows in those answers. `hosts`: where the client
    may send requests (None: the vendor's configured base URLs). `never_retried`: kinds of
    request that are writes: sent once, or once more only after a 401 and a new login."""

    vendor: str
    operation: str
    attacked: tuple[str, ...]
    client: Callable[[world.Transport, bool], Any]
    sync_call: SyncCall
    async_call: AsyncCall
    kind_of: Callable[[httpx2.Request], str]
    documented: Mapping[str, Answer]
    before: Mapping[str, Sequence[Answer]] = attrs.field(factory=dict)
    saves: bool = False
    label: str = ""
    follows: tuple[JsonPattern, ...] = ()
    hosts: world.Hosts | None = None
    never_retried: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.vendor}-{self.label or self.operation}"

    def __repr__(self) -> str:
        return f"<path {self.name}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How Hypothesis shows the path in a failing example: by name."""
        printer.text(repr(self))


def vendor_paths(
    vendor: str,
    client: Callable[[world.Transport, bool], Any],
    calls: tuple[Mapping[str, SyncCall], Mapping[str, AsyncCall]],
    attacked: Mapping[str, tuple[str, ...]],
    kind_of: Callable[[httpx2.Request], str],
    documented: Mapping[str, Answer],
    **common: Any,
) -> list[Path]:
    sync_calls, async_calls = calls
    return [
        Path(
            vendor=vendor,
            operation=operation,
            attacked=kinds,
            client=client,
            sync_call=sync_calls[operation],
            async_call=async_calls[operation],
            kind_of=kind_of,
            documented=documented,
            saves=operation == "save",
            **common,
        )
        for operation, kinds in attacked.items()
    ]


@attrs.frozen(kw_only=True)
class HostileVendor:
    """One vendor's part of the hostile suite: how its requests are sorted into kinds
    (`kind_of`), its documented answers by kind, where its clients may send requests, the
    tokens it gives or issues (`secrets`), its paths, other documented answers a mutation
    may start from (`alternatives`, by kind), the size a listed attachment has to the byte
    where the listing says (`exact_size`), and the hosts and paths its links are built of
    (`link_hosts`, `link_paths`: looked-alike and mixed by tests/hostile/strategies)."""

    name: str
    kind_of: Callable[[httpx2.Request], str]
    documented: Mapping[str, Answer]
    hosts: world.Hosts
    secrets: tuple[str, ...]
    paths: Sequence[Path]
    alternatives: Mapping[str, Sequence[Any]] = attrs.field(factory=dict)
    exact_size: Callable[[Attachment], int | None] = lambda attachment: attachment.size
    link_hosts: tuple[str, ...] = ()
    link_paths: tuple[str, ...] = ()


def hostile_parts() -> list[HostileVendor]:
    """Every vendor's part, by vendor name."""
    from tests.support.vendors import kits

    return [kit.hostile for kit in kits().values() if kit.hostile is not None]


def all_paths() -> list[Path]:
    return [path for part in hostile_parts() for path in part.paths]

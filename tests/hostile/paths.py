"""Every way into a vendor that the hostile suite attacks (this module holds no tests).

A `Path` is one operation of one vendor's clients, sync and async: how to make the client
over a transport, what to call, which kinds of request the attack answers (the others get
the vendor's documented answer), any answers that come first (a 401 that forces a
refresh), the links in the answers that the client follows (attacked harder), where it may
send requests, and which of its requests are writes that must never be retried. Adding a
path is one more entry in `PATHS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path as FilePath
from typing import Any

import attrs
import httpx2

from attachkit import Attachment, EntityRef
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient
from tests.hostile import world
from tests.hostile.world import Answer
from tests.support import models


def no_wait(seconds: float) -> None:
    """Retries and pacing do not wait in these tests."""


async def async_no_wait(seconds: float) -> None:
    """The async twin of `no_wait`."""


def envi_client(transport: world.Transport, is_async: bool) -> Any:
    if is_async:
        return AsyncEnviClient.from_password(
            world.ENVI_URL, username=world.USERNAME, password=world.PASSWORD,
            transport=transport, sleep=async_no_wait,
        )  # fmt: skip
    return EnviClient.from_password(
        world.ENVI_URL, username=world.USERNAME, password=world.PASSWORD,
        transport=transport, sleep=no_wait,
    )  # fmt: skip


def amili_client(transport: world.Transport, is_async: bool) -> Any:
    if is_async:
        return AsyncAmiliClient(
            world.AMILI_URL, token=world.AMILI_TOKEN, transport=transport, sleep=async_no_wait
        )
    return AmiliClient(world.AMILI_URL, token=world.AMILI_TOKEN, transport=transport, sleep=no_wait)


def altegio_client(transport: world.Transport, is_async: bool) -> Any:
    settings: dict[str, Any] = {
        "base_url": world.ALTEGIO_URL,
        "web_base_url": world.ALTEGIO_WEB_URL,
        "rate_limits": None,
        "transport": transport,
    }
    if is_async:
        return AsyncAltegioClient.from_login(
            world.PARTNER_TOKEN, world.USERNAME, world.PASSWORD, sleep=async_no_wait, **settings
        )
    return AltegioClient.from_login(
        world.PARTNER_TOKEN, world.USERNAME, world.PASSWORD, sleep=no_wait, **settings
    )


def altegio_default_hosts_client(transport: world.Transport, is_async: bool) -> Any:
    """No web base URL: downloads go by `full_link`, to Altegio's own hosts only."""
    settings: dict[str, Any] = {"base_url": world.ALTEGIO_URL, "rate_limits": None}
    if is_async:
        return AsyncAltegioClient.from_login(
            world.PARTNER_TOKEN, world.USERNAME, world.PASSWORD, transport=transport,
            sleep=async_no_wait, **settings,
        )  # fmt: skip
    return AltegioClient.from_login(
        world.PARTNER_TOKEN, world.USERNAME, world.PASSWORD, transport=transport,
        sleep=no_wait, **settings,
    )  # fmt: skip


def altegio_user_client(transport: world.Transport, is_async: bool) -> Any:
    settings: dict[str, Any] = {
        "partner_token": world.PARTNER_TOKEN,
        "user_token": world.USER_TOKEN,
        "base_url": world.ALTEGIO_URL,
        "web_base_url": world.ALTEGIO_WEB_URL,
        "rate_limits": None,
        "transport": transport,
    }
    if is_async:
        return AsyncAltegioClient(sleep=async_no_wait, **settings)
    return AltegioClient(sleep=no_wait, **settings)


def envi_attachment() -> Attachment:
    """An Envi file as `get_file` would give it, without asking the vendor."""
    return models.attachment(
        vendor="envi",
        id=world.FILE_ID,
        entity=EntityRef(type="Purchase Order", id=world.ENTITY_ID, number="PO-100234-01"),
        name="Packing slip.pdf",
        size=len(world.CONTENT),
        status="Active",
    )


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


def _sync_calls(first: Callable[[Any], Attachment | None]) -> dict[str, SyncCall]:
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


def _async_calls(first: Callable[[Any], Awaitable[Attachment | None]]) -> dict[str, AsyncCall]:
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


async def _async_list(paginator: Any) -> list[Attachment]:
    return [item async for item in paginator]


def _first_listed(listing: Callable[[Any], Any]) -> Callable[[Any], Attachment | None]:
    def first(client: Any) -> Attachment | None:
        attachment: Attachment | None = next(iter(listing(client)), None)
        return attachment

    return first


def _async_first_listed(
    listing: Callable[[Any], Any],
) -> Callable[[Any], Awaitable[Attachment | None]]:
    async def first(client: Any) -> Attachment | None:
        found: Attachment | None = None
        async for attachment in listing(client):
            found = attachment
            break
        return found

    return first


def _envi_list(client: Any) -> Any:
    return client.list_files(world.ENTITY_ID)


def _amili_list(client: Any) -> Any:
    return client.list_files(world.AMILI_CLIENT_NO)


def _altegio_list(client: Any) -> Any:
    return client.list_files(world.ALTEGIO_LOCATION_ID, world.ALTEGIO_CLIENT_ID)


def _altegio_delete(client: Any) -> Any:
    return client.delete_file(world.ALTEGIO_LOCATION_ID, world.ALTEGIO_CLIENT_ID, 123)


def _altegio_upload(client: Any) -> Any:
    """A valid upload (the fuzzer must never see the ValueError or TypeError of a bad one)."""
    return client.upload_file(
        world.ALTEGIO_LOCATION_ID, world.ALTEGIO_CLIENT_ID, world.CONTENT, name=world.UPLOAD_NAME
    )


async def _await(value: Awaitable[object]) -> object:
    return await value


ENVI_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_envi_list(client)),
    "entities": lambda client, directory: list(client.list_entities(1)),
    "get": lambda client, directory: client.get_file(world.FILE_ID),
    **_sync_calls(lambda client: envi_attachment()),
}
ENVI_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: _async_list(_envi_list(client)),
    "entities": lambda client, directory: _async_list(client.list_entities(1)),
    "get": lambda client, directory: _await(client.get_file(world.FILE_ID)),
    **_async_calls(lambda client: _await_value(envi_attachment())),
}
AMILI_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_amili_list(client)),
    **_sync_calls(_first_listed(_amili_list)),
}
AMILI_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: _async_list(_amili_list(client)),
    **_async_calls(_async_first_listed(_amili_list)),
}
ALTEGIO_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_altegio_list(client)),
    "clients": lambda client, directory: list(client.list_clients(world.ALTEGIO_LOCATION_ID)),
    "delete": lambda client, directory: _altegio_delete(client),
    "upload": lambda client, directory: _altegio_upload(client),
    **_sync_calls(_first_listed(_altegio_list)),
}
ALTEGIO_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: _async_list(_altegio_list(client)),
    "clients": lambda client, directory: _async_list(
        client.list_clients(world.ALTEGIO_LOCATION_ID)
    ),
    "delete": lambda client, directory: _await(_altegio_delete(client)),
    "upload": lambda client, directory: _await(_altegio_upload(client)),
    **_async_calls(_async_first_listed(_altegio_list)),
}


async def _await_value(value: Attachment) -> Attachment | None:
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


def _vendor_paths(
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


_UNAUTHORIZED = Answer.json(
    {"error": {"code": "Unauthorized", "message": "The access token has expired."}}, 401
)
_ALTEGIO_UNAUTHORIZED = Answer.json(world.ALTEGIO_UNAUTHORIZED, 401)
NEXT_LINK: JsonPattern = ("@odata.nextLink",)
DOWNLOAD_LINKS: tuple[JsonPattern, ...] = (("data", "*", "link"), ("data", "*", "full_link"))
_DOWNLOADS = {"download": ("list",), "open": ("list",), "save": ("list",)}


def _upload(label: str, client: Callable[[world.Transport, bool], Any], **fields: Any) -> Path:
    return Path(
        "altegio",
        "upload",
        fields.pop("attacked", ("upload",)),
        client,
        ALTEGIO_SYNC["upload"],
        ALTEGIO_ASYNC["upload"],
        world.altegio_kind,
        world.ALTEGIO_DOCUMENTED,
        label=label,
        never_retried=("upload",),
        **fields,
    )


PATHS: list[Path] = [
    *_vendor_paths(
        "envi",
        envi_client,
        (ENVI_SYNC, ENVI_ASYNC),
        {"list": ("list",), "entities": ("entities",)},
        world.envi_kind,
        world.ENVI_DOCUMENTED,
        follows=(NEXT_LINK,),
    ),
    *_vendor_paths(
        "envi",
        envi_client,
        (ENVI_SYNC, ENVI_ASYNC),
        {
            "get": ("metadata",),
            "download": ("content",),
            "open": ("content",),
            "save": ("content",),
        },
        world.envi_kind,
        world.ENVI_DOCUMENTED,
    ),
    # The password grant, then the refresh grant after a 401 (and the login it falls back to).
    Path(
        "envi",
        "get",
        ("token",),
        envi_client,
        ENVI_SYNC["get"],
        ENVI_ASYNC["get"],
        world.envi_kind,
        world.ENVI_DOCUMENTED,
        label="token",
    ),
    Path(
        "envi",
        "get",
        ("token",),
        envi_client,
        ENVI_SYNC["get"],
        ENVI_ASYNC["get"],
        world.envi_kind,
        world.ENVI_DOCUMENTED,
        label="refresh",
        before={
            "token": [world.ENVI_DOCUMENTED["token"]],
            "metadata": [_UNAUTHORIZED, world.ENVI_DOCUMENTED["metadata"]],
        },
    ),
    *_vendor_paths(
        "amili",
        amili_client,
        (AMILI_SYNC, AMILI_ASYNC),
        {"list": ("list",), "download": ("list",), "open": ("list",), "save": ("list",)},
        world.amili_kind,
        world.AMILI_DOCUMENTED,
    ),
    *_vendor_paths(
        "altegio",
        altegio_client,
        (ALTEGIO_SYNC, ALTEGIO_ASYNC),
        {
            "list": ("list",),
            "clients": ("search",),
            "delete": ("delete",),
            "download": ("content",),
            "open": ("content",),
            "save": ("content",),
        },
        world.altegio_kind,
        world.ALTEGIO_DOCUMENTED,
    ),
    Path(
        "altegio",
        "list",
        ("token",),
        altegio_client,
        ALTEGIO_SYNC["list"],
        ALTEGIO_ASYNC["list"],
        world.altegio_kind,
        world.ALTEGIO_DOCUMENTED,
        label="login",
    ),
    # A given user token: a 401 has no login to fall back to.
    Path(
        "altegio",
        "list",
        ("list",),
        altegio_user_client,
        ALTEGIO_SYNC["list"],
        ALTEGIO_ASYNC["list"],
        world.altegio_kind,
        world.ALTEGIO_DOCUMENTED,
        label="user-token",
    ),
    # Downloads by the links of listed rows: with a web base URL, and without one (full
    # links to Altegio's own hosts only).
    *[
        attrs.evolve(path, label=f"{path.operation}-links")
        for path in _vendor_paths(
            "altegio",
            altegio_client,
            (ALTEGIO_SYNC, ALTEGIO_ASYNC),
            _DOWNLOADS,
            world.altegio_kind,
            world.ALTEGIO_DOCUMENTED,
            follows=DOWNLOAD_LINKS,
        )
    ],
    *[
        attrs.evolve(path, label=f"{path.operation}-default-hosts")
        for path in _vendor_paths(
            "altegio",
            altegio_default_hosts_client,
            (ALTEGIO_SYNC, ALTEGIO_ASYNC),
            _DOWNLOADS,
            world.altegio_kind,
            world.ALTEGIO_DOCUMENTED,
            follows=DOWNLOAD_LINKS,
            hosts=world.on_altegio_or(world.ALTEGIO_URL),
        )
    ],
    # Uploads: the answer to the upload; with a given user token (a 401 is final); the
    # upload sent again after a 401 and a new login; and the login before it.
    _upload("upload", altegio_client),
    _upload("upload-user-token", altegio_user_client),
    _upload("upload-after-401", altegio_client, before={"upload": [_ALTEGIO_UNAUTHORIZED]}),
    _upload("upload-login", altegio_client, attacked=("token",)),
]

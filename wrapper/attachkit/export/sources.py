"""What the engine needs to know of each vendor: entity keys, folders and listings."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import attrs

from ..altegio import AsyncAltegioClient
from ..amili import AsyncAmiliClient
from ..attachment import Attachment
from ..envi import AsyncEnviClient
from ..pagination import AsyncPaginator

__all__ = ["EntityId", "ExportClient", "Source", "source_for"]

ExportClient = AsyncEnviClient | AsyncAmiliClient | AsyncAltegioClient
EntityId = str | int | UUID
"""An Envi entity UUID, an Amili client number, or an Altegio client id."""


@attrs.frozen
class Source:
    """`key` turns a caller's entity id into the canonical text used in the manifest and
    raises ValueError/TypeError for a malformed one; `folder` gives the entity's directory
    parts under `<directory>/<vendor>/`; `list_files` returns its files."""

    client: ExportClient
    vendor: str
    key: Callable[[object], str]
    folder: Callable[[str], tuple[str, ...]]
    list_files: Callable[[str], AsyncPaginator[Attachment]]
    # Altegio's sizes are rounded ("96.65 KB"), so they cannot check a download.
    exact_sizes: bool


def _integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{what} must be an integer, not {type(value).__name__}")
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError(f"{what} is not a positive integer: {value!r}")
    return int(text)


def _uuid(value: object) -> str:
    if isinstance(value, UUID):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"an Envi entity id must be a UUID, not {type(value).__name__}")
    try:
        return str(UUID(value.strip()))
    except ValueError:
        raise ValueError(f"not a UUID: {value!r}") from None


def source_for(
    client: ExportClient,
    *,
    location_id: int | None,
    entity_type: int | None,
    file_type: str | None,
) -> Source:
    """The source for `client`; vendor-specific options given to another vendor are an
    error rather than silently ignored."""
    if isinstance(client, AsyncEnviClient):
        _refuse(location_id=location_id, file_type=file_type, vendor="envi")
        envi = client
        return Source(
            client=client,
            vendor="envi",
            key=_uuid,
            folder=lambda key: (key,),
            list_files=lambda key: envi.list_files(key, entity_type=entity_type),
            exact_sizes=True,
        )
    if isinstance(client, AsyncAmiliClient):
        _refuse(location_id=location_id, entity_type=entity_type, vendor="amili")
        amili = client
        return Source(
            client=client,
            vendor="amili",
            key=lambda value: str(_integer(value, "an Amili client number")),
            folder=lambda key: (key,),
            list_files=lambda key: amili.list_files(int(key), type=file_type),
            exact_sizes=True,
        )
    if isinstance(client, AsyncAltegioClient):
        _refuse(entity_type=entity_type, file_type=file_type, vendor="altegio")
        if location_id is None:
            raise TypeError("Altegio exports need location_id=")
        location = _integer(location_id, "location_id")
        altegio = client

        def listing(key: str) -> AsyncPaginator[Attachment]:
            return altegio.list_files(location, int(key.rpartition("/")[2]))

        return Source(
            client=client,
            vendor="altegio",
            # Client ids are only known to be unique within a location.
            key=lambda value: f"{location}/{_integer(value, 'an Altegio client id')}",
            folder=lambda key: tuple(key.split("/")),
            list_files=listing,
            exact_sizes=False,
        )
    raise TypeError(
        "export_files needs an AsyncEnviClient, AsyncAmiliClient or AsyncAltegioClient, "
        f"not {type(client).__name__}"
    )


def _refuse(vendor: str, **options: object) -> None:
    given = [name for name, value in options.items() if value is not None]
    if given:
        raise TypeError(f"{', '.join(given)} does not apply to {vendor} exports")

"""What the engine needs to know of the vendor being exported: entity keys, folders and
listings, as the vendor's descriptor gives them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

import attrs

from .. import registry
from ..attachment import Attachment
from ..base import AsyncClientBase
from ..pagination import AsyncPaginator

__all__ = ["EntityId", "ExportClient", "Source", "source_for"]

ExportClient = AsyncClientBase[Any]
"""Any vendor's async client."""
EntityId = str | int | UUID
"""An entity id as the vendor has them (a UUID, a client number...)."""


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
    # For a vendor that lists one file under several entities: the key of the entity a
    # listed file belongs to (such files are saved once per run).
    owner_of: Callable[[Attachment], str | None] | None = None


def source_for(client: object, options: Mapping[str, object]) -> Source:
    """The source for `client` with the vendor's export `options`; options that do not
    apply to the vendor are an error rather than silently ignored."""
    descriptor = registry.for_client(client)
    listing = descriptor.export_listing(client, options)
    return Source(
        client=client,  # type: ignore[arg-type]  # checked by for_client
        vendor=descriptor.name,
        key=listing.key,
        folder=listing.folder,
        list_files=listing.list_files,
        owner_of=listing.owner_of,
    )

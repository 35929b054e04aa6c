"""Envi's part of `attachkit envi check`: the bundled spec, a listing in small pages, a
file's own record, and the exercises. Loaded by the check only (through
`DESCRIPTOR.conformance()`)."""

from __future__ import annotations

from collections.abc import Mapping

from ..attachment import Attachment
from ..descriptor import Conformance
from ..pagination import AsyncPaginator
from .client import AsyncEnviClient
from .descriptor import entity_type_option
from .exercises import EXERCISES, EnviScope

__all__ = ["CONFORMANCE"]


def _scope(options: Mapping[str, object]) -> EnviScope:
    return EnviScope(entity_type=entity_type_option(options))


def _small_pages(
    client: AsyncEnviClient, scope: EnviScope, entity: str
) -> AsyncPaginator[Attachment]:
    # Two files a page, so that a check sees next links on any entity with three files.
    return client.list_files(entity, entity_type=scope.entity_type, page_size=2)


async def _file_record(client: AsyncEnviClient, attachment: Attachment) -> Attachment:
    return await client.get_file(attachment.id)


CONFORMANCE: Conformance[AsyncEnviClient, EnviScope] = Conformance(
    spec_package="attachkit_envi_client",
    options=_scope,
    listing=_small_pages,
    get_file=_file_record,
    exercises=EXERCISES,
    # Who created or last changed a file, by name, in Envi's file records.
    personal_fields=frozenset({"createdByName", "lastUpdatedByName"}),
)

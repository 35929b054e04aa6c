"""What the engine needs to know of the vendor being exported: its descriptor's view of the
client (entity keys, folders and listings), found through the registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from .. import registry
from .._core.base import AsyncClientBase
from ..descriptor import ExportListing, VendorDescriptor

__all__ = ["EntityId", "ExportClient", "listing_for"]

ExportClient = AsyncClientBase[Any]
"""Any vendor's async client."""
EntityId = str | int | UUID
"""An entity id as the vendor has them (a UUID, a client number...)."""


def listing_for(
    client: object, options: Mapping[str, object]
) -> tuple[VendorDescriptor[Any], ExportListing]:
    """The vendor of `client` and its listing with the vendor's export `options`; options
    that do not apply to the vendor are an error rather than silently ignored."""
    descriptor = registry.for_client(client)
    return descriptor, descriptor.export_listing(client, options)

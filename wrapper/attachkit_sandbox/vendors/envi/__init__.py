"""Envi in the sandbox: its OAuth2 token endpoint, the FileAttachments endpoints and the
module lists, over a fixed data set."""

from attachkit_sandbox.vendors.envi.auth import ENVI_CLIENT_ID, ENVI_PASSWORD, ENVI_USERNAME
from attachkit_sandbox.vendors.envi.data import (
    ENVI_BIG_ENTITY_ID,
    ENVI_HOSTILE_NAMES_ID,
    ENVI_LARGE_ENTITY_ID,
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    envi_bulk_entity_ids,
)

__all__ = [
    "ENVI_BIG_ENTITY_ID",
    "ENVI_CLIENT_ID",
    "ENVI_HOSTILE_NAMES_ID",
    "ENVI_LARGE_ENTITY_ID",
    "ENVI_OCR_INVOICE_ID",
    "ENVI_PASSWORD",
    "ENVI_PO_ID",
    "ENVI_RECEIVED_INVOICE_ID",
    "ENVI_USERNAME",
    "envi_bulk_entity_ids",
]

"""Envi (supply-chain OData) file attachments.

from attachkit.envi import EnviClient, EnviEntityType
"""

from .auth import PUBLIC_CLIENT_ID, EnviPasswordAuth, EnviTokenAuth
from .client import (
    DEFAULT_API_VERSION,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    AsyncEnviClient,
    EnviClient,
    EnviEntityType,
    odata_string,
)
from .descriptor import DESCRIPTOR

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_PAGE_SIZE",
    "DESCRIPTOR",
    "MAX_PAGE_SIZE",
    "PUBLIC_CLIENT_ID",
    "AsyncEnviClient",
    "EnviClient",
    "EnviEntityType",
    "EnviPasswordAuth",
    "EnviTokenAuth",
    "odata_string",
]

"""Altegio (formerly YCLIENTS) client files.

from attachkit.altegio import AltegioClient
"""

from .auth import AltegioAuth
from .client import (
    DEFAULT_BASE_URL,
    DEFAULT_RATE_LIMITS,
    MAX_CLIENTS_PAGE,
    AltegioClient,
    AsyncAltegioClient,
)
from .convert import parse_size
from .descriptor import DESCRIPTOR

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATE_LIMITS",
    "DESCRIPTOR",
    "MAX_CLIENTS_PAGE",
    "AltegioAuth",
    "AltegioClient",
    "AsyncAltegioClient",
    "parse_size",
]

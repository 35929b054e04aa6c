"""Amili ARMrest (accounts receivable) OS files.

from attachkit.amili import AmiliClient
"""

from .auth import AmiliAuth, jwt_expiry
from .client import MAX_FILES, AmiliClient, AsyncAmiliClient
from .descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "MAX_FILES", "AmiliAuth", "AmiliClient", "AsyncAmiliClient", "jwt_expiry"]

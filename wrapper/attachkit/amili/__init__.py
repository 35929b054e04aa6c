"""Amili ARMrest (accounts receivable) OS files.

from attachkit.amili import AmiliClient
"""

from .auth import AmiliAuth, jwt_expiry
from .client import MAX_FILES, AmiliClient, AsyncAmiliClient

__all__ = ["MAX_FILES", "AmiliAuth", "AmiliClient", "AsyncAmiliClient", "jwt_expiry"]

"""A client library for accessing Acme files API (a test vendor)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

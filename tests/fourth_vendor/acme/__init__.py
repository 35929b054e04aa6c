"""Acme, the test vendor: its clients and descriptor, built from attachkit's public modules
only (`attachkit.vendorkit` and the others), as a vendor package kept outside attachkit is.

    from tests.fourth_vendor.acme import AcmeClient
"""

from .client import AcmeClient, AsyncAcmeClient
from .descriptor import DESCRIPTOR

__all__ = ["DESCRIPTOR", "AcmeClient", "AsyncAcmeClient"]

"""Amili in the sandbox: the client files endpoint behind JWT bearer tokens."""

from attachkit_sandbox.vendors.amili.data import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO
from attachkit_sandbox.vendors.amili.jwt import mint_amili_token

__all__ = ["AMILI_CLIENT_NO", "AMILI_OTHER_CLIENT_NO", "mint_amili_token"]

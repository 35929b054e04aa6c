"""What a vendor package is built from, for vendors kept outside attachkit as for its own:
the client bases and their setup, flows and calls, the vendor profile, token and login
auth, pacing, the strict readers of a vendor's JSON, and MIME types by extension. See
CONTRIBUTING.md ("Adding a vendor") for how the pieces fit.

    from attachkit.vendorkit import Call, Flow, SyncClientBase, AsyncClientBase, Vendor
"""

from ._core import arguments
from ._core.base import (
    AsyncClientBase,
    ClientSetup,
    ContentSource,
    HttpClient,
    SyncClientBase,
    decode_base64,
    streamed,
)
from ._core.credentials import AsyncTokenProvider, CredentialsAuth, CredentialsFlow, TokenProvider
from ._core.decoding import (
    MISSING,
    json_body,
    json_object,
    optional_integer,
    optional_text,
    parse_model,
    required_integer,
    required_text,
    timestamp,
    unexpected,
    uuid_text,
)
from ._core.delivery import ListedSize
from ._core.mime import extension_of, guess_mime_type
from ._core.pacing import Pacer
from ._core.runner import Call, Flow
from ._core.status import Vendor, status_error

__all__ = [
    "MISSING",
    "AsyncClientBase",
    "AsyncTokenProvider",
    "Call",
    "ClientSetup",
    "ContentSource",
    "CredentialsAuth",
    "CredentialsFlow",
    "Flow",
    "HttpClient",
    "ListedSize",
    "Pacer",
    "SyncClientBase",
    "TokenProvider",
    "Vendor",
    "arguments",
    "decode_base64",
    "extension_of",
    "guess_mime_type",
    "json_body",
    "json_object",
    "optional_integer",
    "optional_text",
    "parse_model",
    "required_integer",
    "required_text",
    "status_error",
    "streamed",
    "timestamp",
    "unexpected",
    "uuid_text",
]

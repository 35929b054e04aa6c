"""A deterministic local stand-in for the vendors' file APIs.

It behaves as the vendors document, so the demo, cassette recording and users without
credentials all have something to talk to. Run it with `python -m attachkit_sandbox` or
embed it with `SandboxServer`; `create_app` gives the bare ASGI app. Each vendor is a
plug-in (`VendorPlugin`) in its own package, `attachkit_sandbox.vendors.<vendor>`, with its
demo credentials and sample ids.
"""

from attachkit_sandbox import _requires  # noqa: F401 - first: a clear error without the extra
from attachkit_sandbox.app import VENDOR_PREFIXES, create_app, sandbox_state
from attachkit_sandbox.config import FaultRule, SandboxConfig
from attachkit_sandbox.faults import FAULT_HEADER
from attachkit_sandbox.plugin import Credential, QuickStart, VendorPlugin, VendorServer, plugins
from attachkit_sandbox.server import SandboxServer
from attachkit_sandbox.state import SandboxState

__all__ = [
    "FAULT_HEADER",
    "VENDOR_PREFIXES",
    "Credential",
    "FaultRule",
    "QuickStart",
    "SandboxConfig",
    "SandboxServer",
    "SandboxState",
    "VendorPlugin",
    "VendorServer",
    "create_app",
    "plugins",
    "sandbox_state",
]

"""Assembles the vendors' servers, the admin routes and fault injection into one ASGI app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from starlette.applications import Starlette
from starlette.middleware import Middleware

from attachkit_sandbox.admin import admin_routes
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.echo import EchoSecrets
from attachkit_sandbox.faults import FaultInjector
from attachkit_sandbox.plugin import VendorPlugin, plugins
from attachkit_sandbox.state import SandboxState

__all__ = ["VENDOR_PREFIXES", "create_app", "sandbox_state"]

VENDOR_PREFIXES = {name: prefix for plugin in plugins() for name, prefix in plugin.prefixes.items()}
"""Where each built-in vendor's base URL lives on the sandbox (a vendor with a second host
has a second name, `<vendor>-web`)."""


def create_app(
    config: SandboxConfig | None = None, plugins: Sequence[VendorPlugin] | None = None
) -> Starlette:
    """The sandbox serving `plugins` (default: every built-in vendor)."""
    config = config if config is not None else SandboxConfig()
    state = SandboxState(config, _builtin() if plugins is None else plugins)
    routes = [route for server in state.servers.values() for route in server.routes()]
    middleware = [Middleware(FaultInjector, config=config, state=state)]
    if config.echo_secrets:  # outermost, so that faulted answers echo too
        middleware.insert(0, Middleware(EchoSecrets, state=state))
    app = Starlette(routes=[*routes, *admin_routes(state)], middleware=middleware)
    app.state.sandbox = state
    return app


def _builtin() -> tuple[VendorPlugin, ...]:
    return plugins()


def sandbox_state(app: Starlette) -> SandboxState:
    """The mutable state behind an app made by create_app."""
    return cast(SandboxState, app.state.sandbox)

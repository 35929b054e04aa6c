"""Assembles the vendor apps, the admin routes and fault injection into one ASGI app."""

from __future__ import annotations

from typing import cast

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount

from attachkit_sandbox.admin import admin_routes
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.echo import EchoSecrets
from attachkit_sandbox.faults import FaultInjector
from attachkit_sandbox.state import SandboxState
from attachkit_sandbox.vendors.altegio.api import ALTEGIO_WEB_PREFIX
from attachkit_sandbox.vendors.amili.api import AmiliApi
from attachkit_sandbox.vendors.envi.api import EnviApi

# Where each vendor's base URL lives on the sandbox.
VENDOR_PREFIXES = {
    "envi": "/envi",
    "amili": "/amili",
    "altegio": "/altegio",
    "altegio-web": ALTEGIO_WEB_PREFIX,
}


def create_app(config: SandboxConfig | None = None) -> Starlette:
    config = config if config is not None else SandboxConfig()
    state = SandboxState(config)
    routes = [
        Mount(VENDOR_PREFIXES["envi"], app=EnviApi(config, state.envi_auth).app()),
        Mount(VENDOR_PREFIXES["amili"], app=AmiliApi(config).app()),
        Mount(VENDOR_PREFIXES["altegio"], app=state.altegio.api_app()),
        Mount(VENDOR_PREFIXES["altegio-web"], app=state.altegio.web_app()),
        *admin_routes(state),
    ]
    middleware = [Middleware(FaultInjector, config=config, counters=state.fault_counters)]
    if config.echo_secrets:  # outermost, so that faulted answers echo too
        middleware.insert(0, Middleware(EchoSecrets))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.sandbox = state
    return app


def sandbox_state(app: Starlette) -> SandboxState:
    """The mutable state behind an app made by create_app."""
    return cast(SandboxState, app.state.sandbox)

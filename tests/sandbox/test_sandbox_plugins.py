"""The sandbox finds its vendors as plug-ins: its shared modules name none of them, an app
serves exactly the plug-ins it is given, a fault on a path no vendor owns has a generic
shape, and a reset reaches every vendor's server."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import httpx2
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router

import attachkit_sandbox
from attachkit_sandbox import (
    FAULT_HEADER,
    VENDOR_PREFIXES,
    QuickStart,
    SandboxConfig,
    VendorPlugin,
    VendorServer,
    create_app,
    plugins,
    sandbox_state,
)
from attachkit_sandbox.httputil import Canned, canned_json
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL
from attachkit_sandbox.transport import SandboxTransport

SANDBOX = Path(attachkit_sandbox.__file__).parent


def test_the_shared_modules_name_no_vendor() -> None:
    names = [plugin.name for plugin in plugins()]
    assert names == sorted(names)
    assert len(names) >= 3
    word = re.compile(rf"(?<![\w]){'|'.join(names)}(?![\w])", re.IGNORECASE)
    shared = [path for path in SANDBOX.rglob("*.py") if "vendors" not in path.parts]
    assert len(shared) > 10
    found = {
        path.relative_to(SANDBOX).as_posix(): sorted(set(word.findall(path.read_text())))
        for path in shared
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_every_built_in_vendor_is_a_plug_in_with_its_prefixes() -> None:
    served = {name: prefix for p in plugins() for name, prefix in p.prefixes.items()}
    assert served == VENDOR_PREFIXES
    assert all(plugin.name in plugin.prefixes for plugin in plugins())


class _Counting(VendorServer):
    """A vendor of this test's own: one route that counts its calls until a reset."""

    def __init__(self, config: SandboxConfig) -> None:
        self.calls = 0

    async def _call(self, request: Request) -> Response:
        self.calls += 1
        return JSONResponse({"calls": self.calls})

    def routes(self) -> Sequence[BaseRoute]:
        return [Mount("/counting", app=Router([Route("/calls", self._call)]))]

    def reset(self) -> None:
        self.calls = 0

    def error(self, path: str, status: int) -> Canned:
        return canned_json(status, {"counting": status})


COUNTING = VendorPlugin(
    name="counting",
    prefixes={"counting": "/counting"},
    start=_Counting,
    credentials=lambda now: {},
    quick_start=lambda root, now: QuickStart(variables={}),
    secrets=lambda: (),
)


def _client(plugins: Sequence[VendorPlugin] | None = None) -> httpx2.Client:
    app = create_app(SandboxConfig(), plugins)
    return httpx2.Client(transport=SandboxTransport(app), base_url=IN_PROCESS_BASE_URL)


def test_an_app_serves_only_the_plug_ins_it_is_given() -> None:
    with _client([COUNTING]) as client:
        assert client.get("/counting/calls").json() == {"calls": 1}
        for prefix in VENDOR_PREFIXES.values():
            assert client.get(f"{prefix}/anything").status_code == 404
        faulted = client.get("/counting/calls", headers={FAULT_HEADER: "status=503"})
        assert (faulted.status_code, faulted.json()) == (503, {"counting": 503})
    with _client() as client:
        assert client.get("/counting/calls").status_code == 404


def test_a_fault_on_a_path_no_vendor_owns_has_a_generic_shape() -> None:
    with _client([COUNTING]) as client:
        answer = client.get("/elsewhere", headers={FAULT_HEADER: "status=502"})
    assert answer.status_code == 502
    assert answer.json() == {"error": "Bad Gateway"}


def test_a_reset_reaches_every_vendors_server() -> None:
    app = create_app(SandboxConfig(), [*plugins(), COUNTING])
    with httpx2.Client(transport=SandboxTransport(app), base_url=IN_PROCESS_BASE_URL) as client:
        client.get("/counting/calls")
        assert client.get("/counting/calls").json() == {"calls": 2}
        assert client.post("/_sandbox/reset").json() == {"status": "reset"}
        assert client.get("/counting/calls").json() == {"calls": 1}
    assert set(sandbox_state(app).servers) == {*(p.name for p in plugins()), "counting"}

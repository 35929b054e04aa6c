"""Run the sandbox over real HTTP on loopback, in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Sequence
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

from attachkit_sandbox.app import create_app, sandbox_state
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.plugin import VendorPlugin
from attachkit_sandbox.state import SandboxState

__all__ = ["SandboxServer", "base_url", "bind_socket", "uvicorn_config"]

_START_TIMEOUT_S = 10.0


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free one. Bound before serving so the port is known."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every keep-alive response stalls ~40 ms on delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def uvicorn_config(app: Starlette, log_level: str, *, quiet_logging: bool) -> uvicorn.Config:
    # No Date or Server header: recorded responses stay byte-identical between runs.
    return uvicorn.Config(
        app,
        lifespan="off",
        log_level=log_level,
        log_config=None if quiet_logging else uvicorn.config.LOGGING_CONFIG,
        access_log=False,
        server_header=False,
        date_header=False,
    )


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class SandboxServer:
    """The sandbox on a free loopback port; use as a context manager.

    `log_config` stays untouched (uvicorn logs through the root logger) so embedding this in
    a test run does not reconfigure logging.
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        plugins: Sequence[VendorPlugin] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
    ) -> None:
        self.config = config if config is not None else SandboxConfig()
        self.app = create_app(self.config, plugins)
        self.state: SandboxState = sandbox_state(self.app)
        self.host = host
        self._requested_port = port
        self._log_level = log_level
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        if self._thread is not None:
            raise RuntimeError("the sandbox server is already running")
        self._socket = bind_socket(self.host, self._requested_port)
        self._server = uvicorn.Server(uvicorn_config(self.app, self._log_level, quiet_logging=True))
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name="attachkit-sandbox",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(_START_TIMEOUT_S)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the sandbox server is not running")
        port: int = self._socket.getsockname()[1]
        return port

    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port)

    def url(self, vendor: str) -> str:
        """Base URL of one vendor, by the name of its prefix (a plug-in's `prefixes`)."""
        prefixes = self.state.prefixes
        if vendor not in prefixes:
            raise ValueError(f"unknown vendor {vendor!r}; expected one of {list(prefixes)}")
        return self.base_url + prefixes[vendor]

    def reset(self) -> None:
        """Restore the data set, tokens, quotas, rate windows and fault counters."""
        self.state.reset()

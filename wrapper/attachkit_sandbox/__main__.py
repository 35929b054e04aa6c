"""`python -m attachkit_sandbox`: serve the sandbox until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence

import uvicorn

from attachkit_sandbox.app import create_app
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.plugin import VendorPlugin, plugins
from attachkit_sandbox.quickstart import quick_start
from attachkit_sandbox.server import base_url, bind_socket, uvicorn_config

DEFAULT_PORT = 8765


def parse_args(
    argv: Sequence[str] | None, vendors: Sequence[VendorPlugin] | None = None
) -> argparse.Namespace:
    vendors = plugins() if vendors is None else vendors
    parser = argparse.ArgumentParser(
        prog="python -m attachkit_sandbox",
        description="Local stand-in for the file APIs of "
        + ", ".join(plugin.name for plugin in vendors)
        + ".",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="MS")
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn every vendor's rate limit off"
    )
    parser.add_argument(
        "--echo-secrets",
        action="store_true",
        help="echo every secret sent or issued in answers (to try check --record on)",
    )
    parser.add_argument("--log-level", default="warning")
    for plugin in vendors:
        plugin.add_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    vendors = plugins()
    args = parse_args(argv, vendors)
    settings = [plugin.settings_from(args) for plugin in vendors]
    config = SandboxConfig(
        latency_ms=args.latency_ms,
        rate_limits=not args.no_rate_limits,
        echo_secrets=args.echo_secrets,
        vendor_settings=tuple(given for given in settings if given is not None),
    )
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        what = "in use" if exc.errno == errno.EADDRINUSE else f"not available ({exc.strerror})"
        print(
            f"python -m attachkit_sandbox: port {args.port} on {args.host} is {what}; "
            "choose another with --port N (0 picks a free one)",
            file=sys.stderr,
        )
        return 2
    root = base_url(args.host, sock.getsockname()[1])
    app = create_app(config, vendors)
    # The socket already listens, so a parent process may connect as soon as it reads these.
    for plugin in vendors:
        for name, prefix in plugin.prefixes.items():
            print(f"{name:<7} {root}{prefix}", flush=True)
    print("\n".join(quick_start(root, vendors=vendors)), flush=True)
    server = uvicorn.Server(uvicorn_config(app, args.log_level, quiet_logging=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

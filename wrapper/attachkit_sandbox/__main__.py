"""`python -m attachkit_sandbox`: serve the sandbox until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence

import uvicorn

from attachkit_sandbox.app import VENDOR_PREFIXES, create_app
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.quickstart import quick_start
from attachkit_sandbox.server import base_url, bind_socket, uvicorn_config

DEFAULT_PORT = 8765


def _quota(text: str) -> tuple[int, float]:
    limit, _, period = text.partition("/")
    try:
        parsed = int(limit), float(period)
    except ValueError:
        raise argparse.ArgumentTypeError("expected N/PERIOD_S, e.g. 100/60") from None
    if parsed[0] < 0 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError("N must be >= 0 and PERIOD_S > 0")
    return parsed


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m attachkit_sandbox",
        description="Local stand-in for the Envi, Amili and Altegio file APIs.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    parser.add_argument("--envi-token-lifetime", type=int, default=59, metavar="S")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="MS")
    parser.add_argument("--envi-quota", type=_quota, default=None, metavar="N/PERIOD_S")
    parser.add_argument("--large-file-mib", type=int, default=0, metavar="N")
    parser.add_argument(
        "--envi-scale-records",
        type=int,
        default=0,
        metavar="N",
        help="add N purchase orders of five files each (for benchmarks)",
    )
    parser.add_argument("--no-altegio-rate-limit", action="store_true")
    parser.add_argument("--altegio-retry-after", action="store_true")
    parser.add_argument(
        "--echo-secrets",
        action="store_true",
        help="echo every secret sent or issued in answers (to try check --record on)",
    )
    parser.add_argument("--log-level", default="warning")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config = SandboxConfig(
        envi_token_lifetime=args.envi_token_lifetime,
        latency_ms=args.latency_ms,
        envi_quota=args.envi_quota,
        large_file_mib=args.large_file_mib,
        envi_scale_records=args.envi_scale_records,
        altegio_rate=None if args.no_altegio_rate_limit else SandboxConfig.altegio_rate,
        altegio_retry_after=args.altegio_retry_after,
        echo_secrets=args.echo_secrets,
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
    # The socket already listens, so a parent process may connect as soon as it reads these.
    for vendor, prefix in VENDOR_PREFIXES.items():
        print(f"{vendor:<7} {root}{prefix}", flush=True)
    print("\n".join(quick_start(root)), flush=True)
    server = uvicorn.Server(uvicorn_config(create_app(config), args.log_level, quiet_logging=False))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The sandbox in its own process, so its CPU time is not the client's."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

VENDORS = ("envi", "amili", "altegio", "altegio-web")


@contextmanager
def sandbox_process(*flags: str) -> Iterator[dict[str, str]]:
    """Starts `python -m attachkit_sandbox --port 0 FLAGS` and yields vendor -> base URL."""
    command = [sys.executable, "-m", "attachkit_sandbox", "--port", "0", *flags]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        urls: dict[str, str] = {}
        while len(urls) < len(VENDORS):
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"the sandbox exited early: {command}")
            vendor, _, url = line.strip().partition(" ")
            urls[vendor] = url.strip()
        yield urls
    finally:
        process.terminate()
        process.wait(timeout=10)

"""A pseudo-terminal for a command's stderr (or stdin), and what a person would see on it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
from collections.abc import Callable

__all__ = ["on_terminal", "screen_lines"]


def on_terminal(
    start: Callable[[int], subprocess.Popen[str]],
    answer: bytes | None = None,
    *,
    after: bytes = b"",
) -> tuple[subprocess.Popen[str], bytes, str]:
    """Starts a process with `start(terminal_fd)` and reads the terminal until it exits;
    when `after` shows up, types `answer`. Returns the process (ended), what it wrote on
    the terminal and on its stdout pipe (if it has one; keep that output short)."""
    controller, terminal = pty.openpty()
    shown = b""
    try:
        process = start(terminal)
        typed = answer is None
        while True:
            ready, _, _ = select.select([controller], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the other end closed
                    chunk = b""
                shown += chunk
            if not typed and after in shown:
                assert answer is not None
                os.write(controller, answer)
                typed = True
            if not ready and process.poll() is not None:
                break
        out, _ = process.communicate(timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    return process, shown, out or ""


def screen_lines(shown: bytes) -> list[str]:
    """The lines a terminal shows for `shown`: a carriage return moves back to the start of
    the line, and what is written then covers what was there."""
    lines = []
    for raw in shown.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"):
        screen = ""
        for part in raw.split("\r"):
            screen = part + screen[len(part) :]
        lines.append(screen.rstrip())
    return lines

"""Pointing a warning at the user's code rather than at attachkit's insides."""

from __future__ import annotations

import sys
from types import FrameType

__all__ = ["stacklevel_outside_attachkit"]


def _inside_attachkit(frame: FrameType) -> bool:
    module = frame.f_globals.get("__name__")
    return isinstance(module, str) and module.split(".")[0] == "attachkit"


def stacklevel_outside_attachkit() -> int:
    """The `stacklevel` for a `warnings.warn` made by this function's caller that points at
    the first frame outside attachkit (the caller's `for` loop or call), however many
    paginator and runner frames lie in between."""
    frame = sys._getframe(1)  # the frame that warns: stacklevel 1
    level = 1
    while frame.f_back is not None and _inside_attachkit(frame):
        frame = frame.f_back
        level += 1
    return level

"""The output directory, checked once before any request: a path that is a file, sits under
a file or cannot be written is the user's to fix, and is said so once, not once per file."""

from __future__ import annotations

import os
from pathlib import Path

from .._core.saving import create_temp, discard
from .exits import ConfigError

__all__ = ["usable_directory"]


def _not_a_directory(path: Path) -> str:
    return "is a file, not a directory" if path.is_file() else "is not a directory"


def usable_directory(text: str, flag: str) -> Path:
    """The directory `flag` names, made if missing, after a file was written in it and
    removed; ConfigError, naming `flag`, when that cannot be done."""
    path = Path(text)
    if path.exists():
        if not path.is_dir():
            raise ConfigError(f"{flag} {text}: {_not_a_directory(path)}")
    else:
        existing = next((parent for parent in path.parents if parent.exists()), None)
        if existing is not None and not existing.is_dir():
            raise ConfigError(f"{flag} {text}: {existing} {_not_a_directory(existing)}")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{flag} {text}: cannot make it ({exc.strerror})") from None
    try:
        fd, probe = create_temp(path)
    except OSError as exc:
        raise ConfigError(f"{flag} {text}: cannot write there ({exc.strerror})") from None
    os.close(fd)
    discard(probe)
    return path

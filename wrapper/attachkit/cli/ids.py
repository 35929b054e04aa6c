"""Entity ids from the command line, a file, or stdin."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from ..descriptor import VendorDescriptor
from .exits import ConfigError

__all__ = ["entity_ids"]


def _tokens(lines: Iterable[str]) -> list[str]:
    """Whitespace- or comma-separated ids; blank lines and `#` comments are skipped."""
    found: list[str] = []
    for line in lines:
        text = line.partition("#")[0].replace(",", " ")
        found.extend(text.split())
    return found


def _check(descriptor: VendorDescriptor[Any], value: str) -> str:
    try:
        return descriptor.parse_entity_id(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc)) from None


def entity_ids(
    descriptor: VendorDescriptor[Any],
    args: argparse.Namespace,
    stdin: TextIO,
    hint: str | None = None,
) -> list[str]:
    """Every id given, checked, in order, duplicates dropped; `hint` says what else to give
    when there are none."""
    raw: list[str] = []
    for value in args.ids:
        raw.extend(_tokens(stdin) if value == "-" else [value])
    if args.ids_file == "-":
        raw.extend(_tokens(stdin))
    elif args.ids_file is not None:
        try:
            raw.extend(_tokens(Path(args.ids_file).read_text(encoding="utf-8").splitlines()))
        except OSError as exc:
            raise ConfigError(f"cannot read {args.ids_file}: {exc.strerror}") from None
    if not raw:
        other = f" ({hint})" if hint else ""
        raise ConfigError(
            f"no ids given: pass them as arguments, with --ids-file, or - for stdin{other}"
        )
    return list(dict.fromkeys(_check(descriptor, value) for value in raw))

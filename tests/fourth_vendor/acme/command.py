"""Acme's part of the `attachkit` command. Loaded by the command only."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from attachkit import Attachment
from attachkit.descriptor import CommandLine
from attachkit.pagination import AsyncPaginator

from .client import AsyncAcmeClient
from .descriptor import parse_entity_id

__all__ = ["COMMAND_LINE"]


def _entity(text: str) -> str:
    try:
        return parse_entity_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_entity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("entity", type=_entity, metavar="ENTITY", help="the entity")


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """Acme's export takes no option of its own."""


def _listing(client: AsyncAcmeClient, args: argparse.Namespace) -> AsyncPaginator[Attachment]:
    return client.list_files(args.entity)


def _export_options(args: argparse.Namespace) -> Mapping[str, object]:
    return {}


EXAMPLES = """\
examples:
  attachkit acme list e1
  attachkit acme export e1 e2 -o out/
  attachkit acme check e1
"""

COMMAND_LINE: CommandLine[AsyncAcmeClient] = CommandLine(
    help="Acme records (a test vendor)",
    examples=EXAMPLES,
    add_list_arguments=_add_entity,
    add_export_arguments=_no_arguments,
    listing=_listing,
    export_options=_export_options,
)

"""`attachkit --help`, every action's `--help` and the README's "Command line" section say
the same: the flags of each action, the connection flags and their variables, the exit
codes. Everything is read from the parser and the descriptors, so a new action, flag or
vendor fails here until the README says it."""

from __future__ import annotations

import argparse
import io
import re

import pytest

from attachkit import registry
from attachkit.cli.console import Console
from attachkit.cli.exits import MEANINGS, ExitCode
from attachkit.cli.parser import build_parser
from tests.cli.helpers import attachkit
from tests.support.command import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.partition("\n## Command line\n")[2].partition("\n## ")[0]
FLAG = re.compile(r"`(--?[a-z][a-z0-9-]*)`")
VENDORS = [vendor.name for vendor in registry.descriptors()]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


PARSER = build_parser(Console(io.StringIO(), io.StringIO(), io.StringIO()), registry.descriptors())
ACTIONS = {vendor: _subcommands(sub) for vendor, sub in _subcommands(PARSER).items()}


def _table(header: str) -> list[list[str]]:
    """The rows of the section's table whose header row starts with `header`."""
    lines = SECTION[SECTION.index(f"| {header} |") :].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _connection_flags(vendor: str) -> set[str]:
    return {
        flag
        for setting in registry.get(vendor).settings
        for flag in ((setting.flag, setting.stdin_flag) if setting.prompt else (setting.flag,))
    }


def _readme_action_flags() -> dict[tuple[str, str], set[str]]:
    """(vendor, action) -> the flags the README's action table gives it."""
    found: dict[tuple[str, str], set[str]] = {}
    for action, _arguments, flags in _table("action"):
        name = action.strip("`")
        if name not in {a for actions in ACTIONS.values() for a in actions}:
            continue
        common: set[str] = set()
        own: dict[str, set[str]] = {}
        for part in flags.split(";"):
            vendor, colon, rest = part.strip().partition(":")
            if colon and vendor in VENDORS:
                own[vendor] = set(FLAG.findall(rest))
            else:
                common |= set(FLAG.findall(part))
        for vendor, actions in ACTIONS.items():
            if name in actions and (not own or vendor in own or common):
                found[(vendor, name)] = common | own.get(vendor, set())
    return found


EVERY_ACTION = set(FLAG.findall(_table("action")[0][2]))
TOP_LEVEL = set(FLAG.findall(next(row for row in _table("action") if "no vendor" in row[0])[2]))


def test_the_readme_gives_every_action_of_every_vendor_its_flags() -> None:
    readme = _readme_action_flags()
    parser = {
        (vendor, action): _flags(sub) - EVERY_ACTION - _connection_flags(vendor)
        for vendor, actions in ACTIONS.items()
        for action, sub in actions.items()
    }
    assert readme == parser


def test_the_readme_names_the_top_level_flags() -> None:
    assert _flags(PARSER) - EVERY_ACTION == TOP_LEVEL


def test_the_readme_gives_every_connection_flag_its_variable() -> None:
    readme = {
        (vendor, flag, FLAG.sub("", variable).split()[0].strip("`"))
        for vendor, flags, variable in _table("vendor")
        for flag in FLAG.findall(flags)
    }
    expected = {
        (vendor.name, flag, setting.variable)
        for vendor in registry.descriptors()
        for setting in vendor.settings
        for flag in ((setting.flag, setting.stdin_flag) if setting.prompt else (setting.flag,))
    }
    assert readme == expected


def test_every_variable_the_section_names_exists() -> None:
    named = set(re.findall(r"ATTACHKIT_[A-Z_]+", SECTION))
    known = {s.variable for vendor in registry.descriptors() for s in vendor.settings}
    assert named == known | {"ATTACHKIT_LOG"}


def test_the_readme_and_help_give_the_same_exit_codes() -> None:
    readme = {int(code): meaning for code, meaning in _table("exit code")}
    assert readme == {int(code): meaning for code, meaning in MEANINGS.items()}
    assert set(MEANINGS) == set(ExitCode)


def _help_words(text: str) -> str:
    return " ".join(text.split())


def test_the_main_help_names_every_variable_and_exit_code() -> None:
    text = _help_words(attachkit(["--help"]).out)
    for vendor in registry.descriptors():
        for setting in vendor.settings:
            assert setting.variable in text
    assert "ATTACHKIT_LOG" in text
    for code, meaning in MEANINGS.items():
        assert _help_words(f"{int(code):<4}{meaning}") in text


@pytest.mark.parametrize(
    ("vendor", "action"), [(v, a) for v, actions in ACTIONS.items() for a in actions]
)
def test_each_action_help_shows_its_flags_variables_and_exit_codes(
    vendor: str, action: str
) -> None:
    text = _help_words(attachkit([vendor, action, "--help"]).out)
    for flag in _flags(ACTIONS[vendor][action]):
        assert re.search(rf"(^|[\s\[]){re.escape(flag)}\b", text), flag
    for setting in registry.get(vendor).settings:
        assert f"({setting.variable})" in text
    for code, meaning in MEANINGS.items():
        assert _help_words(f"{int(code):<4}{meaning}") in text
    undocumented = [
        item.option_strings or item.dest
        for item in ACTIONS[vendor][action]._actions
        if not item.help
    ]
    assert undocumented == []

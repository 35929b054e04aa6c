"""The attachkit logger: silent by default, on with ATTACHKIT_LOG or the CLI's -v."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from attachkit import logs


@pytest.fixture(autouse=True)
def _no_handler_left() -> Iterator[None]:
    yield
    logs.disable()


def test_silent_unless_configured() -> None:
    logger = logging.getLogger("attachkit")
    assert [type(h) for h in logger.handlers] == [logging.NullHandler]
    assert logs.vendor_logger("envi").name == "attachkit.envi"


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), (" INFO ", logging.INFO)])
def test_the_environment_variable_turns_it_on(value: str, level: int) -> None:
    assert logs.configure_from_environment({"ATTACHKIT_LOG": value}) == level
    assert logging.getLogger("attachkit").level == level


@pytest.mark.parametrize("value", ["", "verbose", "0"])
def test_other_values_leave_it_off(value: str) -> None:
    assert logs.configure_from_environment({"ATTACHKIT_LOG": value}) is None
    assert len(logging.getLogger("attachkit").handlers) == 1


def test_enable_writes_vendor_records_and_replaces_its_own_handler() -> None:
    first, second = io.StringIO(), io.StringIO()
    logs.enable(logging.INFO, stream=first)
    logs.enable(logging.INFO, stream=second, include_httpx=True)
    logs.vendor_logger("amili").info("token from the provider")
    logging.getLogger("httpx").info("HTTP Request: GET")
    assert first.getvalue() == ""
    assert "INFO    attachkit.amili: token from the provider" in second.getvalue()
    assert "httpx: HTTP Request: GET" in second.getvalue()
    logs.disable()
    assert len(logging.getLogger("attachkit").handlers) == 1
    assert logging.getLogger("httpx").handlers == []

"""The attachkit logger: silent by default, on with ATTACHKIT_LOG or the CLI's -v."""

from __future__ import annotations

import gc
import io
import logging
from collections.abc import Iterator

import httpx2
import pytest

from attachkit._core import logs
from attachkit.envi import EnviClient


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
    logging.getLogger("httpx2").info("HTTP Request: GET")
    assert first.getvalue() == ""
    assert "INFO    attachkit.amili: token from the provider" in second.getvalue()
    assert "httpx2: HTTP Request: GET" in second.getvalue()
    logs.disable()
    assert len(logging.getLogger("attachkit").handlers) == 1
    assert logging.getLogger("httpx2").handlers == []


# --- every record is redacted, whoever configured the handlers ---------------------------

ISSUED = "issued-during-the-run-7f3a9c2e51d8"


class _Issuing(httpx2.Auth):
    """An auth that was issued a token after its client was made (as a refresh does)."""

    def known_secrets(self) -> list[str]:
        return [ISSUED]


@pytest.fixture
def live_client() -> Iterator[EnviClient]:
    fixed = {"Authorization": "Bearer fixed-header-token-01"}
    with EnviClient("https://envi.example", auth=_Issuing(), headers=fixed) as client:
        yield client


@pytest.mark.parametrize(
    "logger", ["httpx2", "httpcore2.http11", "httpcore2.connection", "attachkit.envi", "attachkit"]
)
def test_records_of_attachkit_and_the_http_library_hold_no_secret(
    caplog: pytest.LogCaptureFixture, live_client: EnviClient, logger: str
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger(logger).debug(
        "HTTP Request: GET %s %s",
        f"https://app.alteg.io/f/?partner_token=p-1&user_token=u-2&page=2#{ISSUED}",
        "Authorization: Bearer fixed-header-token-01",
    )
    (record,) = [r for r in caplog.records if r.name == logger]
    assert record.getMessage() == (
        "HTTP Request: GET https://app.alteg.io/f/?partner_token=***&user_token=***&page=2#*** "
        "Authorization: ***"
    )


def test_a_traceback_in_a_record_is_redacted(
    caplog: pytest.LogCaptureFixture, live_client: EnviClient
) -> None:
    caplog.set_level(logging.DEBUG)
    try:
        raise ValueError(f"bad token {ISSUED}")
    except ValueError:
        logging.getLogger("httpx2").exception("failed")
    assert ISSUED not in caplog.text
    assert "ValueError: bad token ***" in caplog.text


def test_a_secret_is_forgotten_with_its_client(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = EnviClient("https://envi.example", auth=_Issuing())
    logging.getLogger("httpx2").info("one %s", ISSUED)
    client.close()
    del client
    gc.collect()
    logging.getLogger("httpx2").info("two %s", ISSUED)
    assert [r.getMessage() for r in caplog.records] == ["one ***", f"two {ISSUED}"]


def test_records_of_other_loggers_are_left_alone(
    caplog: pytest.LogCaptureFixture, live_client: EnviClient
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("someone.else").info("?token=%s", ISSUED)
    assert caplog.records[0].getMessage() == f"?token={ISSUED}"


def test_the_http_librarys_logger_is_named_in_one_place() -> None:
    assert logs.HTTP_LOGGERS[0] == httpx2.__name__
    logs.enable(logging.INFO, include_httpx=True)
    assert logging.getLogger(httpx2.__name__).level == logging.INFO

"""Fault injection, per request (X-Sandbox-Fault) and per run (SandboxConfig)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx2
import pytest

from attachkit_sandbox import FaultRule
from attachkit_sandbox.faults import parse_fault
from attachkit_sandbox.vendors.altegio import ALTEGIO_AUTH_HEADERS
from attachkit_sandbox.vendors.envi import ENVI_PO_ID

# Faults change answers on purpose (statuses a path does not document, drift, cut bodies).
pytestmark = pytest.mark.off_spec

ALTEGIO_FILES = "/altegio/v1/company/456/clients/files/123456"
HEALTH = "/_sandbox/health"


def fault(directives: str, **headers: str) -> dict[str, str]:
    return {"X-Sandbox-Fault": directives, **headers}


def test_latency(client: httpx2.Client) -> None:
    started = time.monotonic()
    assert client.get(HEALTH, headers=fault("latency=150")).status_code == 200
    assert time.monotonic() - started >= 0.15


def test_run_wide_latency(make_client: Callable[..., httpx2.Client]) -> None:
    client = make_client(latency_ms=100)
    started = time.monotonic()
    client.get(HEALTH)
    assert time.monotonic() - started >= 0.1


@pytest.mark.parametrize(
    ("path", "media_type", "body"),
    [
        (
            f"/envi/odata/FileAttachments({ENVI_PO_ID})",
            "application/json",
            {"error": {"code": "InternalServerError", "message": "Internal Server Error"}},
        ),
        (
            "/amili/clients/2218/files",
            "application/problem+json",
            {
                "type": "about:blank",
                "title": "Internal Server Error",
                "status": 500,
                "detail": "Internal Server Error",
            },
        ),
        (
            ALTEGIO_FILES,
            "application/json",
            {"success": False, "data": None, "meta": {"message": "Internal Server Error"}},
        ),
    ],
)
def test_status_uses_the_vendor_error_shape(
    client: httpx2.Client, path: str, media_type: str, body: object
) -> None:
    response = client.get(path, headers=fault("status=500"))
    assert response.status_code == 500
    assert response.headers["content-type"] == media_type
    assert response.json() == body


def test_status_with_retry_after(client: httpx2.Client) -> None:
    response = client.get(ALTEGIO_FILES, headers=fault("status=429;retry-after=7"))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_envi_429_fault_is_the_quota_text(client: httpx2.Client) -> None:
    response = client.get(f"/envi/odata/FileAttachments({ENVI_PO_ID})", headers=fault("status=429"))
    assert response.text.startswith("API calls quota exceeded! Maximum admitted")


def test_envi_token_endpoint_fault_is_an_oauth_error(client: httpx2.Client) -> None:
    response = client.post("/envi/oauth2/token", headers=fault("status=503"))
    assert response.status_code == 503
    assert set(response.json()) == {"error", "error_description"}


def test_faulted_request_does_not_reach_the_app(client: httpx2.Client) -> None:
    url = f"{ALTEGIO_FILES}/789"
    assert (
        client.delete(url, headers={**ALTEGIO_AUTH_HEADERS, **fault("status=503")}).status_code
        == 503
    )
    assert client.delete(url, headers=ALTEGIO_AUTH_HEADERS).status_code == 202


def test_drop_cuts_the_body(client: httpx2.Client) -> None:
    with pytest.raises(httpx2.RemoteProtocolError):
        client.get(HEALTH, headers=fault("drop"))


def test_truncate_sends_half_with_matching_length(client: httpx2.Client) -> None:
    whole = client.get(ALTEGIO_FILES, headers=ALTEGIO_AUTH_HEADERS).content
    response = client.get(ALTEGIO_FILES, headers={**ALTEGIO_AUTH_HEADERS, **fault("truncate")})
    assert response.status_code == 200
    assert response.content == whole[: len(whole) // 2]
    assert response.headers["content-length"] == str(len(response.content))
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_html(client: httpx2.Client) -> None:
    page = client.get(HEALTH, headers=fault("html"))
    assert (page.status_code, page.headers["content-type"]) == (200, "text/html")
    assert page.text == "<html><body>Service Unavailable</body></html>"
    assert client.get(HEALTH, headers=fault("html;status=502")).status_code == 502


def test_times_with_key_lets_the_retry_through(client: httpx2.Client) -> None:
    headers = fault("status=503;times=2;key=retry-test")
    assert [client.get(HEALTH, headers=headers).status_code for _ in range(3)] == [503, 503, 200]
    other_key = fault("status=503;times=2;key=another")
    assert client.get(HEALTH, headers=other_key).status_code == 503


def test_times_without_key_counts_the_header_text(client: httpx2.Client) -> None:
    headers = fault("status=500;times=1")
    assert [client.get(HEALTH, headers=headers).status_code for _ in range(2)] == [500, 200]


def test_reset_restores_fault_counters(client: httpx2.Client) -> None:
    headers = fault("status=500;times=1")
    assert client.get(HEALTH, headers=headers).status_code == 500
    assert client.post("/_sandbox/reset").status_code == 200
    assert client.get(HEALTH, headers=headers).status_code == 500


def test_scripted_rules(make_client: Callable[..., httpx2.Client]) -> None:
    rules = (FaultRule("status=503;times=1", path_prefix="/altegio/", method="GET"),)
    client = make_client(fault_rules=rules, rate_limits=False)
    assert client.get(ALTEGIO_FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 503
    assert client.get(ALTEGIO_FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 200
    assert client.get(HEALTH).status_code == 200


@pytest.mark.parametrize(
    "header", ["explode", "status=abc", "status=99", "latency=-5", "times=1;key="]
)
def test_malformed_header_is_400(client: httpx2.Client, header: str) -> None:
    response = client.get(HEALTH, headers=fault(header))
    assert response.status_code == 400
    assert response.text.startswith("Invalid X-Sandbox-Fault header")


def test_parse_fault() -> None:
    plan = parse_fault(" latency=5 ; status=503 ; retry-after=2 ; drop ; times=3 ; key=k ")
    assert (plan.latency_ms, plan.status, plan.retry_after, plan.drop, plan.times, plan.key) == (
        5,
        503,
        2,
        True,
        3,
        "k",
    )


def test_add_field_adds_it_to_every_object(client: httpx2.Client) -> None:
    whole = client.get(ALTEGIO_FILES, headers=ALTEGIO_AUTH_HEADERS).json()
    drifted = client.get(
        ALTEGIO_FILES, headers={**ALTEGIO_AUTH_HEADERS, **fault("add-field=checksum")}
    ).json()
    assert drifted["checksum"] == "sandbox drift"
    assert [row.pop("checksum") for row in drifted["data"]] == ["sandbox drift"] * len(
        whole["data"]
    )
    drifted.pop("checksum")
    drifted["meta"].pop("checksum")
    assert drifted == whole


def test_retype_changes_the_type_of_one_field(client: httpx2.Client) -> None:
    whole = client.get(ALTEGIO_FILES, headers=ALTEGIO_AUTH_HEADERS).json()
    drifted = client.get(
        ALTEGIO_FILES, headers={**ALTEGIO_AUTH_HEADERS, **fault("retype=size")}
    ).json()
    for before, after in zip(whole["data"], drifted["data"], strict=True):
        assert isinstance(before["size"], str)
        assert after.pop("size") == 12345
        before.pop("size")
        assert after == before


def test_drop_header_leaves_it_out(client: httpx2.Client) -> None:
    response = client.get(HEALTH, headers=fault("drop-header=Content-Type"))
    assert response.status_code == 200
    assert "content-type" not in response.headers


def test_drift_leaves_non_json_bodies_alone(client: httpx2.Client) -> None:
    response = client.get(HEALTH, headers=fault("html;add-field=x"))
    assert response.text.startswith("<html>")

"""The sandbox over real loopback HTTP: SandboxServer and `python -m attachkit_sandbox`."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys

import httpx2
import pytest

from attachkit_sandbox import VENDOR_PREFIXES, SandboxConfig, SandboxServer
from attachkit_sandbox.__main__ import parse_args
from attachkit_sandbox.vendors.altegio import ALTEGIO_AUTH_HEADERS
from attachkit_sandbox.vendors.envi import ENVI_LARGE_ENTITY_ID, EnviSettings, envi_auth_headers
from attachkit_sandbox.vendors.envi.data import envi_data

loopback = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])


@loopback
def test_server_answers_on_a_free_port() -> None:
    with SandboxServer() as server:
        assert server.port > 0
        assert server.url("envi") == f"http://127.0.0.1:{server.port}/envi"
        with httpx2.Client(base_url=server.base_url) as client:
            assert client.get("/_sandbox/health").json() == {"status": "ok"}
            headers = envi_auth_headers(client)
            body = client.get(f"{server.url('envi')}/odata/FileAttachments(x)", headers=headers)
            assert body.status_code == 400
            response = client.get("/_sandbox/health")
            assert "date" not in response.headers
            assert "server" not in response.headers


@loopback
def test_reset_restores_deleted_files_without_http() -> None:
    files = "/altegio/v1/company/456/clients/files/123456"
    with SandboxServer() as server, httpx2.Client(base_url=server.base_url) as client:
        assert client.delete(f"{files}/789", headers=ALTEGIO_AUTH_HEADERS).status_code == 202
        assert client.delete(f"{files}/789", headers=ALTEGIO_AUTH_HEADERS).status_code == 404
        server.reset()
        assert client.delete(f"{files}/789", headers=ALTEGIO_AUTH_HEADERS).status_code == 202


@loopback
def test_drop_closes_the_real_connection() -> None:
    with SandboxServer() as server, httpx2.Client(base_url=server.base_url) as client:
        with pytest.raises(httpx2.RemoteProtocolError):
            client.get("/_sandbox/health", headers={"X-Sandbox-Fault": "drop"})
        assert client.get("/_sandbox/health").status_code == 200


@loopback
def test_large_file_streams_in_chunks() -> None:
    config = SandboxConfig(vendor_settings=(EnviSettings(large_file_mib=3, token_lifetime=3600),))
    file = envi_data(3).files_of(ENVI_LARGE_ENTITY_ID)[0]
    with SandboxServer(config) as server, httpx2.Client(base_url=server.base_url) as client:
        headers = envi_auth_headers(client)
        digest = hashlib.sha256()
        url = f"/envi/odata/FileAttachments/{file.file_id}/content"
        with client.stream("GET", url, headers=headers) as response:
            assert response.headers["content-length"] == str(3 * 1024 * 1024)
            for chunk in response.iter_bytes():
                digest.update(chunk)
        assert digest.hexdigest() == file.sha256


@loopback
def test_command_line_prints_base_urls_and_stops_on_sigterm() -> None:
    command = [sys.executable, "-m", "attachkit_sandbox", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:  # noqa: S603
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline().rstrip("\n") for _ in VENDOR_PREFIXES]
            assert [line.split()[0] for line in lines] == list(VENDOR_PREFIXES)
            name, url = lines[0].split()
            root = url.removesuffix(VENDOR_PREFIXES[name])
            assert root.startswith("http://127.0.0.1:")
            assert lines == [
                f"{name:<7} {root}{prefix}" for name, prefix in VENDOR_PREFIXES.items()
            ]
            assert httpx2.get(f"{root}/_sandbox/health").status_code == 200
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=15)


def test_command_line_options() -> None:
    args = parse_args(["--envi-quota", "100/60", "--latency-ms", "5", "--port", "0"])
    assert (args.envi_quota, args.latency_ms, args.port, args.host) == (
        (100, 60.0),
        5,
        0,
        "127.0.0.1",
    )
    with pytest.raises(SystemExit):
        parse_args(["--envi-quota", "lots"])


def test_url_rejects_unknown_vendors() -> None:
    with pytest.raises(ValueError, match="unknown vendor"):
        SandboxServer().url("stripe")

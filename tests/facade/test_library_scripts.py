"""The library as an application uses it: a script in its own process, against the sandbox
on loopback. Counts read before iterating, and async token providers."""

from __future__ import annotations

import subprocess
import textwrap

import pytest

from tests.support.command import Served, python_command

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])


def _script(served: Served, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        python_command("-W", "error", "-c", textwrap.dedent(code)),
        capture_output=True,
        text=True,
        env=served.environment(),
        timeout=60,
        check=False,
    )


def test_counts_read_before_iterating_are_the_vendors(served: Served) -> None:
    done = _script(
        served,
        """
        import os, warnings
        from attachkit.amili import AmiliClient
        warnings.simplefilter("ignore")  # the truncation warning
        url, token = os.environ["ATTACHKIT_AMILI_URL"], os.environ["ATTACHKIT_AMILI_TOKEN"]
        with AmiliClient(url, token=token) as amili:
            files = amili.list_files(2218)
            print(files.truncated, files.total_count)
            print(len(list(files)))
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "14", "10"]
    assert served.requests == ["GET /amili/clients/2218/files"]  # one page, read once


def test_async_counts_before_iterating_say_they_are_unknown(served: Served) -> None:
    done = _script(
        served,
        """
        import asyncio, os, warnings
        from attachkit.amili import AsyncAmiliClient
        warnings.simplefilter("ignore")
        url, token = os.environ["ATTACHKIT_AMILI_URL"], os.environ["ATTACHKIT_AMILI_TOKEN"]
        async def main():
            async with AsyncAmiliClient(url, token=token) as amili:
                files = amili.list_files(2218)
                print(files.truncated, files.total_count)
                print(len([f async for f in files]), files.truncated, files.total_count)
        asyncio.run(main())
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["None", "None", "10", "True", "14"]


@pytest.mark.parametrize("vendor", ["envi", "amili"])
@pytest.mark.parametrize("provider", ["async def", "def"])
def test_async_clients_take_sync_and_async_token_providers(
    served: Served, vendor: str, provider: str
) -> None:
    listing = {"envi": "'e271e444-6e23-58d5-8300-4eabbcd2b52f'", "amili": "2218"}[vendor]
    done = _script(
        served,
        f"""
        import asyncio, os, warnings
        import httpx2
        from attachkit.envi import AsyncEnviClient
        from attachkit.amili import AsyncAmiliClient
        warnings.simplefilter("ignore", UserWarning)
        env = os.environ
        asked = []

        {provider} envi_token():
            asked.append(1)
            form = {{"grant_type": "password", "client_id": "099153c2625149bc8ecb3e85e03f0022",
                    "username": env["ATTACHKIT_ENVI_USERNAME"],
                    "password": env["ATTACHKIT_ENVI_PASSWORD"]}}
            answer = httpx2.post(env["ATTACHKIT_ENVI_URL"] + "/oauth2/token", data=form)
            return answer.json()["access_token"]

        {provider} amili_token():
            asked.append(1)
            return env["ATTACHKIT_AMILI_TOKEN"]

        async def main():
            if "{vendor}" == "envi":
                client = AsyncEnviClient(env["ATTACHKIT_ENVI_URL"], token=envi_token)
            else:
                client = AsyncAmiliClient(env["ATTACHKIT_AMILI_URL"], token=amili_token)
            async with client:
                files = [f async for f in client.list_files({listing})]
            print(len(files), len(asked) > 0)
        asyncio.run(main())
        """,
    )
    assert done.returncode == 0, done.stderr  # -W error: no "never awaited" warning either
    count, asked = done.stdout.split()
    assert int(count) >= 4
    assert asked == "True"


@pytest.mark.parametrize("vendor", ["envi", "amili"])
def test_a_sync_client_refuses_an_async_provider_at_once(served: Served, vendor: str) -> None:
    done = _script(
        served,
        f"""
        from attachkit.envi import EnviClient
        from attachkit.amili import AmiliClient
        async def provider():
            return "token"
        client = EnviClient if "{vendor}" == "envi" else AmiliClient
        try:
            client("http://127.0.0.1:9", token=provider)
        except TypeError as exc:
            print(exc)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "token is an async function: give it to the async client"

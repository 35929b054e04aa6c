"""A typed tour of the public API (type-checked by `make typecheck`). Run it against the
sandbox: start `python -m attachkit_sandbox`, paste the `export` lines it prints, then
`python examples/quickstart.py` (files go to a new temporary directory)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import httpx2

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient, EnviEntityType, odata_string

ENVI_PUBLIC_CLIENT_ID = "099153c2625149bc8ecb3e85e03f0022"


def envi_sync(base_url: str, username: str, password: str, po_id: str, out: Path) -> list[Path]:
    saved: list[Path] = []
    with EnviClient.from_password(base_url, username=username, password=password) as envi:
        files = envi.list_files(
            po_id,
            entity_type=EnviEntityType.PURCHASE_ORDER,
            filter=f"fileType eq {odata_string('pdf')}",
            order_by="dateCreated desc",
        )
        print(f"{files.total_count} files matched")  # loads the first page
        for attachment in files:
            try:
                saved.append(envi.save(attachment, out))
            except errors.ContentUnavailableError:
                continue
    return saved


async def envi_async(base_url: str, username: str, password: str, po_id: str) -> list[Attachment]:
    async def token() -> str:  # an async token provider, asked before every request
        form = {"grant_type": "password", "client_id": ENVI_PUBLIC_CLIENT_ID}
        async with httpx2.AsyncClient() as http:
            answer = await http.post(
                f"{base_url}/oauth2/token",
                data={**form, "username": username, "password": password},
            )
        answer.raise_for_status()
        access_token: str = answer.json()["access_token"]
        return access_token

    async with AsyncEnviClient(base_url, token=token, api_version="1.0") as envi:
        return [attachment async for attachment in envi.list_files(po_id, page_size=100)]


def amili_sync(base_url: str, token: str, client_no: int) -> dict[str, bytes]:
    with AmiliClient(base_url, token=lambda: token) as amili:
        files = amili.list_files(client_no, type="DocAttachment")
        contents = {att.name: amili.download(att) for att in files if att.size is not None}
        if files.truncated:
            print(f"only {len(contents)} of {files.total_count}: narrow the query")
        return contents


async def amili_async(base_url: str, token: str, client_no: int) -> int:
    async with AsyncAmiliClient(base_url, token=token) as amili:
        return len([att async for att in amili.list_files(client_no, reference_no=350023)])


def altegio_sync(
    base_url: str, web: str, partner: str, login: str, password: str, out: Path
) -> None:
    with AltegioClient.from_login(
        partner, login, password, base_url=base_url, web_base_url=web
    ) as altegio:
        for attachment in altegio.list_files(456, 123456):
            with altegio.open(attachment) as chunks:
                size = sum(len(chunk) for chunk in chunks)
            print(attachment.name, attachment.size, size)
        try:
            added = altegio.upload_file(456, 123456, out / "consent.pdf", name="Consent 2026.pdf")
        except errors.APIConnectionError as exc:
            print(f"not retried (it may have been stored): {exc}")
            return
        print(f"uploaded as file {added.id}")
        altegio.delete_file(456, 123456, int(added.id))


async def altegio_async(
    base_url: str, web: str, partner: str, login: str, password: str, out: Path
) -> list[Path]:
    async with AsyncAltegioClient.from_login(
        partner, login, password, base_url=base_url, web_base_url=web
    ) as altegio:
        files = altegio.list_files(456, 123456)
        return [await altegio.save(att, out) async for att in files]


def main(env: os._Environ[str] = os.environ) -> None:
    """Every function above, with the settings the command line reads (ATTACHKIT_*)."""
    out = Path(tempfile.mkdtemp(prefix="attachkit-quickstart-"))
    (out / "consent.pdf").write_bytes(b"%PDF-1.4\n% a consent form\n")
    envi = (
        env["ATTACHKIT_ENVI_URL"],
        env["ATTACHKIT_ENVI_USERNAME"],
        env["ATTACHKIT_ENVI_PASSWORD"],
    )
    po_id = sys.argv[1] if len(sys.argv) > 1 else "e271e444-6e23-58d5-8300-4eabbcd2b52f"
    print(f"envi: saved {len(envi_sync(*envi, po_id, out))} PDFs")
    print(f"envi: listed {len(asyncio.run(envi_async(*envi, po_id)))} files")
    amili = (env["ATTACHKIT_AMILI_URL"], env["ATTACHKIT_AMILI_TOKEN"])
    print(f"amili: read {len(amili_sync(*amili, 2218))} files")
    print(f"amili: listed {asyncio.run(amili_async(*amili, 2218))} files")
    altegio = (
        env.get("ATTACHKIT_ALTEGIO_URL", "https://api.alteg.io/api"),
        env["ATTACHKIT_ALTEGIO_WEB_URL"],
        env["ATTACHKIT_ALTEGIO_PARTNER_TOKEN"],
        env["ATTACHKIT_ALTEGIO_LOGIN"],
        env["ATTACHKIT_ALTEGIO_PASSWORD"],
    )
    altegio_sync(*altegio, out)
    print(f"altegio: saved {len(asyncio.run(altegio_async(*altegio, out)))} files")
    print(f"files are in {out}")


if __name__ == "__main__":
    main()

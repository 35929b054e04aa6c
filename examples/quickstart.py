"""A typed tour of the public API (type-checked by `make typecheck`; runs against any
base URLs, e.g. the sandbox's: `python -m attachkit.sandbox` prints them)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient, EnviEntityType, odata_string


def envi_sync(base_url: str, username: str, password: str, po_id: str, out: Path) -> list[Path]:
    saved: list[Path] = []
    with EnviClient.from_password(base_url, username=username, password=password) as envi:
        files = envi.list_files(
            po_id,
            entity_type=EnviEntityType.PURCHASE_ORDER,
            filter=f"fileType eq {odata_string('pdf')}",
            order_by="dateCreated desc",
        )
        for attachment in files:
            try:
                saved.append(envi.save(attachment, out))
            except errors.ContentUnavailableError:
                continue
        print(f"{files.total_count} files matched")
    return saved


async def envi_async(base_url: str, token: str, po_id: str) -> list[Attachment]:
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


def altegio_sync(partner: str, login: str, password: str, web: str, out: Path) -> None:
    with AltegioClient.from_login(partner, login, password, web_base_url=web) as altegio:
        for attachment in altegio.list_files(456, 123456):
            with altegio.open(attachment) as chunks:
                size = sum(len(chunk) for chunk in chunks)
            print(attachment.name, attachment.size, size)
        try:
            added = altegio.upload_file(456, 123456, out / "consent.pdf", name="Consent 2026.pdf")
            print(f"uploaded as file {added.id}")
        except errors.APIConnectionError as exc:
            print(f"not retried (it may have been stored): {exc}")


async def altegio_async(partner: str, user_token: str, web: str, out: Path) -> list[Path]:
    async with AsyncAltegioClient(
        partner_token=partner, user_token=user_token, web_base_url=web
    ) as altegio:
        files = altegio.list_files(456, 123456)
        return [await altegio.save(att, out) async for att in files]


if __name__ == "__main__":
    asyncio.run(
        envi_async("http://127.0.0.1:8765/envi", "token", "00000000-0000-0000-0000-000000000000")
    )

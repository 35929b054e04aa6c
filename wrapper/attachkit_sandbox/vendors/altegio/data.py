"""The Altegio data set: locations, clients and their uploaded files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

from attachkit_sandbox import blobs
from attachkit_sandbox.blobs import BytesBlob

ALTEGIO_LOCATION_ID = 456
ALTEGIO_EXPIRED_LOCATION_ID = 789
# Also expired, but refused as the YCLIENTS blueprint refuses one: 403 in Russian (the
# location above is refused 402 in English).
ALTEGIO_LAPSED_LOCATION_ID = 790
ALTEGIO_CLIENT_ID = 123456
# This client's records carry `username` (the field table's spelling), not `user_name`.
ALTEGIO_USERNAME_CLIENT_ID = 123457
ALTEGIO_EMPTY_CLIENT_ID = 123458
ALTEGIO_BULK_CLIENT_COUNT = 300
# A second location whose whole export stays under the vendor's 200 requests a minute.
ALTEGIO_SMALL_LOCATION_ID = 457
ALTEGIO_SMALL_CLIENT_COUNT = 60

_TZ = timezone(timedelta(hours=-5))
_AVATAR = "/images/no-master.png"


def altegio_bulk_client_ids() -> tuple[int, ...]:
    """Clients of location 456 meant for bulk export, in a stable order."""
    return tuple(200001 + index for index in range(ALTEGIO_BULK_CLIENT_COUNT))


@dataclass(frozen=True)
class AltegioFile:
    file_id: int
    location_id: int
    client_id: int
    name: str
    description: str
    mime: str
    created: datetime
    user_name: str
    # "user_name" or "username": the vendor's docs use both, so the data set does too.
    user_field: str
    can_edit: bool
    blob: BytesBlob
    user_avatar: str = _AVATAR
    # Whether the API lists it with `full_link`: the docs' example rows have none, rows in
    # Altegio's MCP server's fixtures have one, so the data set has both kinds.
    full_link: bool = True

    @property
    def extension(self) -> str:
        return self.name.rpartition(".")[2].lower() if "." in self.name else ""

    @property
    def link(self) -> str:
        return f"/client_files/download/{self.location_id}/{self.file_id}/"

    @property
    def size(self) -> int:
        return self.blob.size

    @property
    def sha256(self) -> str:
        return self.blob.sha256

    def content(self) -> bytes:
        return self.blob.read()


@dataclass(frozen=True)
class AltegioLocation:
    location_id: int
    licence_expired: bool
    # client id -> files, oldest first
    clients: Mapping[int, tuple[AltegioFile, ...]]
    # The status an expired licence is refused with: 402, or 403 as in the blueprint.
    licence_status: int = 402


def _file(
    file_id: int,
    client_id: int,
    name: str,
    mime: str,
    data: bytes,
    created: datetime,
    *,
    can_edit: bool,
    location_id: int = ALTEGIO_LOCATION_ID,
    description: str = "",
    user_name: str = "Victor Sitnikov",
    user_field: str = "user_name",
    full_link: bool = True,
) -> AltegioFile:
    return AltegioFile(
        file_id=file_id,
        location_id=location_id,
        client_id=client_id,
        name=name,
        description=description,
        mime=mime,
        created=created,
        user_name=user_name,
        user_field=user_field,
        can_edit=can_edit,
        blob=BytesBlob(data),
        full_link=full_link,
    )


@cache
def altegio_locations() -> Mapping[int, AltegioLocation]:
    """location id -> location; built once per process (deletions live in server state)."""
    day = datetime(2026, 1, 1, 12, 0, tzinfo=_TZ)
    # The first two files are the vendor's own example: "9 B" and "96.65 KB", no full_link.
    example = (
        _file(
            123,
            ALTEGIO_CLIENT_ID,
            "test.txt",
            "text/plain",
            b"test file",
            day,
            can_edit=False,
            full_link=False,
        ),
        _file(
            789,
            ALTEGIO_CLIENT_ID,
            "photo.jpg",
            "image/jpeg",
            blobs.jpeg("altegio-photo", 98970),
            datetime(2026, 1, 30, 12, 30, tzinfo=_TZ),
            can_edit=True,
            full_link=False,
        ),
        _file(
            1001,
            ALTEGIO_CLIENT_ID,
            "consent form.pdf",
            "application/pdf",
            blobs.pdf(["Consent form", "Client 123456"]),
            day + timedelta(days=40),
            can_edit=True,
            description="Signed before treatment",
        ),
        _file(
            1002,
            ALTEGIO_CLIENT_ID,
            "allergies \u2013 ÆØÅ.txt",
            "text/plain",
            blobs.text("Allergic to latex.\n"),
            day + timedelta(days=41, minutes=5),
            can_edit=False,
        ),
    )
    other = tuple(
        _file(
            1100 + index,
            ALTEGIO_USERNAME_CLIENT_ID,
            name,
            mime,
            data,
            day + timedelta(days=2, hours=index),
            can_edit=index % 2 == 0,
            user_name="Olga Petrova",
            user_field="username",
        )
        for index, (name, mime, data) in enumerate(
            [
                ("before.png", "image/png", blobs.png("altegio-before", 20, 20)),
                ("after.png", "image/png", blobs.png("altegio-after", 20, 20)),
                ("notes.txt", "text/plain", blobs.text("Second visit in March.\n")),
            ]
        )
    )
    clients: dict[int, tuple[AltegioFile, ...]] = {
        ALTEGIO_CLIENT_ID: example,
        ALTEGIO_USERNAME_CLIENT_ID: other,
        ALTEGIO_EMPTY_CLIENT_ID: (),
    }
    clients.update(_bulk_clients(ALTEGIO_LOCATION_ID, altegio_bulk_client_ids(), 300000, day))
    small_ids = tuple(400001 + index for index in range(ALTEGIO_SMALL_CLIENT_COUNT))
    small = _bulk_clients(ALTEGIO_SMALL_LOCATION_ID, small_ids, 600000, day)
    expired = {
        555001: (
            _file(
                9001,
                555001,
                "card.txt",
                "text/plain",
                b"expired location\n",
                day,
                can_edit=True,
                location_id=ALTEGIO_EXPIRED_LOCATION_ID,
            ),
        )
    }
    lapsed = {
        555002: (
            _file(
                9002,
                555002,
                "card.txt",
                "text/plain",
                b"lapsed location\n",
                day,
                can_edit=True,
                location_id=ALTEGIO_LAPSED_LOCATION_ID,
            ),
        )
    }
    return {
        ALTEGIO_LOCATION_ID: AltegioLocation(ALTEGIO_LOCATION_ID, False, clients),
        ALTEGIO_EXPIRED_LOCATION_ID: AltegioLocation(ALTEGIO_EXPIRED_LOCATION_ID, True, expired),
        ALTEGIO_LAPSED_LOCATION_ID: AltegioLocation(
            ALTEGIO_LAPSED_LOCATION_ID, True, lapsed, licence_status=403
        ),
        ALTEGIO_SMALL_LOCATION_ID: AltegioLocation(ALTEGIO_SMALL_LOCATION_ID, False, small),
    }


def _bulk_clients(
    location_id: int, client_ids: tuple[int, ...], first_file_id: int, day: datetime
) -> dict[int, tuple[AltegioFile, ...]]:
    """Clients with one to three files each (a card, a visits table, a photo)."""
    clients: dict[int, tuple[AltegioFile, ...]] = {}
    next_id = first_file_id
    for index, client_id in enumerate(client_ids):
        files = []
        for position in range(index % 3 + 1):
            name, mime, data = _bulk_content(client_id, position)
            files.append(
                _file(
                    next_id,
                    client_id,
                    name,
                    mime,
                    data,
                    day + timedelta(hours=index, minutes=position),
                    can_edit=position != 1,
                    location_id=location_id,
                )
            )
            next_id += 1
        clients[client_id] = tuple(files)
    return clients


def _bulk_content(client_id: int, position: int) -> tuple[str, str, bytes]:
    if position == 0:
        return f"card {client_id}.txt", "text/plain", f"Client card {client_id}\n".encode()
    if position == 1:
        return (
            f"visits {client_id}.csv",
            "text/csv",
            blobs.csv([["date", "service"], ["2026-01-05", f"service {client_id % 7}"]]),
        )
    return f"photo {client_id}.png", "image/png", blobs.png(f"altegio-{client_id}", 8, 8)

"""`make demo`: list, download and save files from all three vendors through attachkit.

Starts the sandbox on loopback, uses only the public API against it, checks every saved
file's sha256 against the sandbox's data set, prints a table, and exits non-zero if any
step fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import shlex
import sys
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient
from attachkit.amili import AmiliClient
from attachkit.cli import ExitCode, run
from attachkit.envi import EnviClient, EnviEntityType
from attachkit_sandbox import SandboxServer
from attachkit_sandbox.quickstart import quick_start
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    altegio_locations,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, amili_files, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, envi_data

Row = tuple[str, str, str, int, str, bool]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _expected_sha256() -> dict[tuple[str, str], str]:
    """(vendor, attachment id) -> sha256 of every file in the sandbox's data set."""
    expected = {
        ("envi", str(file.file_id)): file.sha256
        for file in envi_data().files.values()
        if file.has_content
    }
    for amili in amili_files().values():
        expected.update(
            {("amili", f"{f.client_no}:{f.log_item_id}:{f.name}"): f.sha256 for f in amili}
        )
    for location in altegio_locations().values():
        for altegio in location.clients.values():
            expected.update({("altegio", str(f.file_id)): f.sha256 for f in altegio})
    return expected


def _row(attachment: Attachment, path: Path, expected: dict[tuple[str, str], str]) -> Row:
    digest = _sha256(path)
    ref = attachment.entity
    # Envi's ids are UUIDs, so show its record number; Amili's number is a document reference.
    entity = f"{ref.type} {ref.number if attachment.vendor == 'envi' else ref.id}"
    matches = expected.get((attachment.vendor, attachment.id)) == digest
    return (attachment.vendor, entity, path.name, path.stat().st_size, digest, matches)


def _envi(url: str, out: Path) -> Iterable[tuple[Attachment, Path]]:
    with EnviClient.from_password(url, username=ENVI_USERNAME, password=ENVI_PASSWORD) as envi:
        files = envi.list_files(ENVI_PO_ID, page_size=4)
        pages = list(files.pages())
        print(
            f"envi: {files.total_count} files on purchase order 100234 and its linked records,"
            f" {len(pages)} pages of 4"
        )
        for page in pages:
            for attachment in page.items:
                if attachment.status in ("Deleted", "Uploading", "Failed", "Corrupted"):
                    try:
                        envi.download(attachment)
                    except errors.ContentUnavailableError as exc:
                        print(f"envi: skipped {attachment.name!r}: {exc}")
                    continue
                yield attachment, envi.save(attachment, out / "envi")
        purchase_orders = envi.list_files(ENVI_PO_ID, entity_type=EnviEntityType.PURCHASE_ORDER)
        print(f"envi: {sum(1 for _ in purchase_orders)} of them on the purchase order itself")


def _amili(url: str, out: Path) -> Iterable[tuple[Attachment, Path]]:
    token = mint_amili_token([AMILI_CLIENT_NO])
    with AmiliClient(url, token=token) as amili:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", errors.TruncatedResultWarning)
            files = amili.list_files(AMILI_CLIENT_NO)
            attachments = list(files)
        for warning in caught:
            print(f"amili: warning: {warning.message}")
        for attachment in attachments:
            if attachment.size is None:
                print(f"amili: skipped {attachment.name!r}: delivered without content")
                continue
            yield attachment, amili.save(attachment, out / "amili")


def _altegio(url: str, web_url: str, out: Path) -> Iterable[tuple[Attachment, Path]]:
    with AltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN, ALTEGIO_LOGIN, ALTEGIO_PASSWORD, base_url=url, web_base_url=web_url
    ) as altegio:
        for attachment in altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID):
            yield attachment, altegio.save(attachment, out / "altegio")


def _check_all(root: str) -> bool:
    """`attachkit <vendor> check` for each vendor against the sandbox, as a user would run
    it (the sandbox prints the same credentials); True when every vendor matches its spec."""
    lines = quick_start(root)
    environment = dict(
        shlex.split(line)[1].split("=", 1) for line in lines if line.startswith("export ")
    )
    commands = {
        "envi": ["envi", "check", str(ENVI_PO_ID)],
        "amili": ["amili", "check", str(AMILI_CLIENT_NO)],
        "altegio": [
            "altegio",
            "check",
            "--location",
            str(ALTEGIO_LOCATION_ID),
            str(ALTEGIO_CLIENT_ID),
        ],
    }
    every_match = True
    for vendor, argv in commands.items():
        out, err = io.StringIO(), io.StringIO()
        code = run(
            [*argv, "--json"], environ=environment, stdin=io.StringIO(), stdout=out, stderr=err
        )
        if code != ExitCode.OK:
            print(f"check: {vendor} failed (exit {code}):\n{out.getvalue()}{err.getvalue()}")
            every_match = False
            continue
        report = json.loads(out.getvalue())
        outcomes = [a["outcome"] for a in report["assumptions"]]
        print(
            f"check: {vendor} matches its spec: {report['exchanges']} answers, "
            f"{outcomes.count('holds')} of {len(outcomes)} assumptions seen to hold"
        )
    return every_match


def _print_table(rows: list[Row]) -> None:
    header = ("vendor", "entity", "file name", "size", "sha256", "check")
    table = [header] + [
        (vendor, entity, name, str(size), digest[:16], "ok" if ok else "MISMATCH")
        for vendor, entity, name, size, digest, ok in rows
    ]
    widths = [min(40, max(len(row[i]) for row in table)) for i in range(len(header))]
    for row in table:
        print("  ".join(cell[: widths[i]].ljust(widths[i]) for i, cell in enumerate(row)))


def main() -> int:
    expected = _expected_sha256()
    out = Path(tempfile.mkdtemp(prefix="attachkit-demo-"))
    rows: list[Row] = []
    with SandboxServer() as sandbox:
        print(f"sandbox on {sandbox.base_url}; saving into {out}")
        try:
            for attachment, path in (
                *_envi(sandbox.url("envi"), out),
                *_amili(sandbox.url("amili"), out),
                *_altegio(sandbox.url("altegio"), sandbox.url("altegio-web"), out),
            ):
                rows.append(_row(attachment, path, expected))
        except errors.AttachkitError as exc:
            print(f"demo failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        checks_pass = _check_all(sandbox.base_url)
    _print_table(rows)
    if not checks_pass:
        print("demo failed: a vendor's answers differ from its spec", file=sys.stderr)
        return 1
    vendors = {row[0] for row in rows}
    bad = [row for row in rows if not row[5]]
    if bad or vendors != {"envi", "amili", "altegio"}:
        print(
            f"demo failed: {len(bad)} checksum mismatches, vendors seen: {sorted(vendors)}",
            file=sys.stderr,
        )
        return 1
    print(f"{len(rows)} files saved from {len(vendors)} vendors, every sha256 matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())

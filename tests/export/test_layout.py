"""File names within an entity's folder: safe, distinct and stable across runs."""

from __future__ import annotations

import posixpath

from attachkit import Attachment, EntityRef
from attachkit._core.filenames import safe_filename
from attachkit.export.layout import assign_paths
from tests.support import models

FOLDER = "envi/e1"


def attachment(attachment_id: str, name: str) -> Attachment:
    return models.attachment(id=attachment_id, name=name, entity=EntityRef(type=None, id="e1"))


def names(paths: dict[str, str]) -> dict[str, str]:
    assert all(posixpath.dirname(path) == FOLDER for path in paths.values())
    return {attachment_id: posixpath.basename(path) for attachment_id, path in paths.items()}


def test_unique_names_are_kept_and_unsafe_ones_cleaned() -> None:
    files = [attachment("1", "a.pdf"), attachment("2", "../../etc/passwd")]
    result = names(assign_paths(FOLDER, files, {}))
    assert result == {"1": "a.pdf", "2": safe_filename("../../etc/passwd", "x")}
    assert "/" not in result["2"]
    assert not result["2"].startswith(".")


def test_colliding_names_all_get_their_id_whatever_the_order() -> None:
    files = [attachment("1", "scan.pdf"), attachment("2", "Scan.PDF"), attachment("3", "x.txt")]
    expected = {"1": "scan [1].pdf", "2": "Scan [2].PDF", "3": "x.txt"}
    assert names(assign_paths(FOLDER, files, {})) == expected
    assert names(assign_paths(FOLDER, files[::-1], {})) == expected


def test_long_or_unsafe_ids_become_a_short_digest_and_the_tag_survives_truncation() -> None:
    long_name = "r" * 300 + ".csv"
    files = [attachment("2218:1:" + long_name, long_name), attachment("2218:2:x", long_name)]
    result = names(assign_paths(FOLDER, files, {}))
    first, second = result.values()
    assert first != second
    assert all(name.endswith("].csv") and len(name.encode()) <= 200 for name in result.values())


def test_recorded_paths_are_kept_and_new_names_avoid_them() -> None:
    recorded = {"1": "envi/e1/report.pdf", "9": "elsewhere/report.pdf"}
    files = [attachment("1", "renamed at the vendor.pdf"), attachment("2", "report.pdf")]
    assert names(assign_paths(FOLDER, files, recorded)) == {
        "1": "report.pdf",
        "2": "report [2].pdf",
    }

"""Handing finished downloads to the committer: bounded, and each one reported once."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import pytest
from anyio.abc import TaskStatus

from attachkit.export import FileResult, FileStatus, Manifest, ManifestRecord
from attachkit.export import committer as committer_module
from attachkit.export.batch import FileError, Pending, write_batch
from attachkit.export.committer import Committer
from attachkit.export.directories import Directories

pytestmark = pytest.mark.anyio


def outcome(name: str) -> Pending:
    result = FileResult(
        vendor="envi", entity="e1", attachment_id=name, name=name, status=FileStatus.SKIPPED
    )
    record = ManifestRecord(
        vendor="envi", entity="e1", attachment_id=name, name=name, status="unavailable"
    )
    return Pending(result, record)


async def test_a_full_queue_makes_workers_wait_and_every_outcome_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(committer_module, "_MAX_PENDING", 2)
    release = threading.Event()
    written: list[list[str]] = []

    def slow_write(
        batch: list[Pending], manifest: Manifest, directories: Directories
    ) -> list[FileError | None]:
        release.wait()
        written.append([item.result.name for item in batch])
        return write_batch(batch, manifest, directories)

    monkeypatch.setattr(committer_module, "write_batch", slow_write)
    reported: list[str] = []
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        committer = Committer(
            manifest, Directories(), lambda item, error: reported.append(item.result.name)
        )
        handed_over: list[str] = []

        async def hand_over(name: str, *, task_status: TaskStatus[None]) -> None:
            task_status.started()
            await committer.submit(outcome(name))
            handed_over.append(name)

        async with anyio.create_task_group() as group:
            group.start_soon(committer.run)
            for name in "abcd":
                await group.start(hand_over, name)
            await anyio.wait_all_tasks_blocked()
            # "a" is being written; "b" and "c" fill the queue, so "d" waits.
            assert handed_over == ["a", "b", "c"]
            release.set()
            committer.close()  # the committer still writes all it was handed

        recorded = [record.attachment_id for record in manifest.records()]

    assert handed_over == ["a", "b", "c", "d"]
    assert written == [["a"], ["b", "c"], ["d"]]
    assert reported == recorded == ["a", "b", "c", "d"]

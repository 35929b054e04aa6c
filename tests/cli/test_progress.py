"""The progress line: what it shows and how often it is redrawn."""

from __future__ import annotations

import io

from attachkit.cli.progress import ProgressBar, render
from attachkit.export import ExportProgress


def progress(**fields: int | None) -> ExportProgress:
    values: dict[str, int | None] = {
        "entities_total": 10,
        "entities_done": 5,
        "files_total": 20,
        "files_done": 8,
        "saved": 6,
        "skipped": 1,
        "failed": 1,
        "bytes_saved": 1_500_000,
    }
    values.update(fields)
    return ExportProgress(**values)  # type: ignore[arg-type]


def test_the_bar_follows_entities_when_their_number_is_known() -> None:
    assert render(progress()) == (
        "[############------------]  5/10 entities  8/20 files  1 failed  1.5 MB"
    )


def test_without_a_known_number_of_entities_the_bar_follows_files() -> None:
    line = render(progress(entities_total=None, failed=0, files_done=20, bytes_saved=12))
    assert line == "[########################]  5 entities  20/20 files  12 B"


def test_redraws_are_throttled_and_the_last_state_is_always_drawn() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=1.0, clock=lambda: now[0])
    bar(progress(files_done=1))
    bar(progress(files_done=2))  # within the interval: not drawn
    now[0] = 1.5
    bar(progress(files_done=3))
    bar(progress(files_done=4))
    bar.finish()
    drawn = stream.getvalue().split("\r")[1:]
    assert [line.split()[3] for line in drawn] == ["1/20", "3/20", "4/20"]
    assert drawn[-1].endswith("\n")

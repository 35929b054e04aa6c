"""An Envi export that stops for good at one step of its first batch with files in it, so
that a test can kill it exactly there.

    python -m tests.export.paused_export URL OUT STEP READY_FILE ENTITY...

STEP is one of STEPS; READY_FILE is created once the export has stopped there.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attachkit.envi import AsyncEnviClient
from attachkit.export import Manifest, export_files_sync
from attachkit.export import batch as batch_module
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME

# step -> (owner, function name, whether a call has files at stake), in the batch's order.
STEPS: dict[str, tuple[object, str, Callable[..., bool]]] = {
    # written to temporary files, none flushed to disk yet
    "written": (batch_module, "_flush_temps", lambda opened, *_: bool(opened)),
    # flushed, none given its final name yet
    "flushed": (batch_module, "_name", lambda batch, flushed, *_: bool(flushed)),
    # named (and the names flushed), not recorded yet
    "named": (Manifest, "append_all", lambda manifest, records: bool(records)),
    # recorded, the manifest lines not flushed yet
    "recorded": (Manifest, "sync", lambda manifest: manifest._unsynced > 0),
}


def stop_at(step: str, ready: Path) -> None:
    owner, name, at_stake = STEPS[step]
    original = getattr(owner, name)

    def stopped(*args: Any) -> Any:
        if at_stake(*args):
            ready.touch()
            time.sleep(3600)  # the test kills the process here
        return original(*args)

    setattr(owner, name, stopped)


def main(url: str, out: str, step: str, ready: str, *entities: str) -> None:
    stop_at(step, Path(ready))
    client = AsyncEnviClient.from_password(url, username=ENVI_USERNAME, password=ENVI_PASSWORD)
    export_files_sync(client, entities, out, concurrency=4)


if __name__ == "__main__":
    main(*sys.argv[1:])

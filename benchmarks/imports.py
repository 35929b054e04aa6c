"""Import time of `attachkit` against `httpx2` (vendor clients load lazily)."""

from __future__ import annotations

import statistics
import subprocess
import sys


def _cumulative_us(module: str) -> int:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in result.stderr.splitlines() if line.rstrip().endswith(f"| {module}")]
    return int(lines[-1].split("|")[1])


def run(
    modules: tuple[str, ...] = ("httpx2", "attachkit", "attachkit.envi"), rounds: int = 15
) -> dict[str, float]:
    """Median cumulative import time in ms, each in a fresh interpreter, interleaved."""
    samples: dict[str, list[int]] = {module: [] for module in modules}
    for _ in range(rounds):
        for module in modules:
            samples[module].append(_cumulative_us(module))
    return {module: statistics.median(values) / 1000 for module, values in samples.items()}


if __name__ == "__main__":
    print(run())

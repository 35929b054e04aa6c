"""Hypothesis settings for the hostile suite.

`make test` runs the `attachkit` profile: a fixed number of examples per path, drawn the
same way every run (derandomized), so the run is reproducible and its time is known.
`make fuzz` sets ATTACHKIT_FUZZ=1 for the `attachkit-fuzz` profile: ten times as many,
and new ones each run. Neither keeps an example database, and whatever Hypothesis caches
goes to a temporary directory, never into the working tree.
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

EXAMPLES = 50
"""Examples per path and client kind in `make test`; `make fuzz` runs ten times as many."""
FUZZ = os.environ.get("ATTACHKIT_FUZZ") == "1"

# Set before the test modules are collected: Hypothesis caches what it finds in them then.
# The directory goes when the run ends.
_HOME = tempfile.TemporaryDirectory(prefix="attachkit-hypothesis-")
set_hypothesis_home_dir(_HOME.name)

_COMMON = settings(
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("attachkit", _COMMON, max_examples=EXAMPLES, derandomize=True)
settings.register_profile("attachkit-fuzz", _COMMON, max_examples=EXAMPLES * 10)
settings.load_profile("attachkit-fuzz" if FUZZ else "attachkit")

"""The test vendor is registered for the tests of its own home only (the registry knows the
built-in vendors everywhere else)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from attachkit import registry
from tests.fourth_vendor.acme import DESCRIPTOR


@pytest.fixture(autouse=True)
def _registered() -> Iterator[None]:
    registry.register(DESCRIPTOR)
    yield
    registry.unregister(DESCRIPTOR.name)

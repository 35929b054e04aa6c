"""Hostile vendors: whatever a vendor answers, every path of every client (sync and async)
raises nothing but attachkit errors, shows no secret in them, leaves no partial file
behind, and ends (a listing too); sends nothing (credentials least of all) outside the
hosts it was configured with, whatever links it is given; never retries an upload, whose
errors say whether the file may have been stored; and never gives (returns, streams or
saves) a file of another size than an exact listed one, or a web page for a file that is
not listed as one.

Each path gets `conftest.EXAMPLES` generated plans of answers in `make test`, ten times as
many in `make fuzz` (`--hypothesis-show-statistics` there prints the count and the
outcomes of each).
"""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path as FilePath

import anyio
import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from attachkit import errors
from tests.hostile import world
from tests.hostile.paths import Fetched, HostileVendor, Path, hostile_parts
from tests.hostile.strategies import plans
from tests.hostile.world import Answer, Vendor


@attrs.define
class Outcome:
    """What a path gave: its result, or the attachkit error it raised."""

    result: object = None
    error: errors.AttachkitError | None = None


def attempt(path: Path, vendor: Vendor, is_async: bool, directory: FilePath) -> Outcome:
    """Runs the path against `vendor`. Anything but an attachkit error escapes and fails
    the test."""
    try:
        if is_async:
            return Outcome(anyio.run(_attempt_async, path, vendor, directory))
        with path.client(vendor.transport(), False) as client:
            return Outcome(path.sync_call(client, directory))
    except errors.AttachkitError as error:
        return Outcome(error=error)


async def _attempt_async(path: Path, vendor: Vendor, directory: FilePath) -> object:
    async with path.client(vendor.transport(), True) as client:
        return await path.async_call(client, directory)


def check(path: Path, vendor: Vendor, outcome: Outcome, directory: FilePath) -> None:
    error = outcome.error
    event(type(error).__name__ if error is not None else "succeeded")
    assert vendor.leaks == [], [str(request.url)[:200] for request in vendor.leaks]
    assert vendor.strays == [], [str(request.url)[:200] for request in vendor.strays]
    if path.follows:  # how far the links led: requests of each kind
        kinds = [exchange.kind for exchange in vendor.exchanges]
        event("sent " + ", ".join(f"{kinds.count(kind)} {kind}" for kind in dict.fromkeys(kinds)))
    if error is not None:
        secrets = [*world.secrets(), *vendor.authorizations]
        assert world.leaked(error, secrets) == [], world.shown(error)[:3000]
        assert world.unprintable(str(error)) == [], str(error)[:3000]
    for kind in path.never_retried:
        check_write(kind, vendor, error)
    if isinstance(outcome.result, Fetched):
        check_fetched(outcome.result)
    if path.saves:
        left = sorted(entry.name for entry in directory.iterdir()) if directory.exists() else []
        if isinstance(outcome.result, Fetched):
            assert isinstance(outcome.result.value, FilePath)
            assert left == [outcome.result.value.name]
        else:  # failed, or there was nothing to save (an empty listing)
            assert left == [], "a save that did not happen left files behind"


_WEB_PAGE = re.compile(rb"\s*<(!doctype html|html)[\s>]", re.IGNORECASE)
PARTS: dict[str, HostileVendor] = {part.name: part for part in hostile_parts()}


def check_fetched(fetched: Fetched) -> None:
    """What a download gave is the listed file: its size, where the listing gives an exact
    one, and no web page for a file not listed as one."""
    attachment, content = fetched.attachment, fetched.content
    listed = PARTS[attachment.vendor].exact_size(attachment)
    if listed is not None:
        assert len(content) == listed, (len(content), listed)
        event("gave a file of its exact listed size")
    listed_as_page = attachment.mime_type == "text/html" or attachment.extension == "html"
    assert listed_as_page or _WEB_PAGE.match(content) is None, content[:200]


def check_write(kind: str, vendor: Vendor, error: errors.AttachkitError | None) -> None:
    """A write goes out once, or once more only after a 401 and a new login (which stored
    nothing); an error that may have come after the vendor got it says so."""
    sent = [index for index, exchange in enumerate(vendor.exchanges) if exchange.kind == kind]
    assert len(sent) <= 2, f"{kind} sent {len(sent)} times"
    for earlier, later in itertools.pairwise(sent):
        assert vendor.exchanges[earlier].status == 401, f"{kind} retried"
        between = {exchange.kind for exchange in vendor.exchanges[earlier + 1 : later]}
        assert "token" in between, f"{kind} sent again without a new login"
    event(f"{kind} requests: {len(sent)}")
    if isinstance(error, errors.APIConnectionError | errors.ServerError):
        if any(vendor.exchanges[index].received for index in sent):
            assert "the file may have been stored" in str(error), str(error)
            event(f"{kind}: the error says the file may have been stored")
        else:
            assert "nothing of the file was sent" in str(error), str(error)
            event(f"{kind}: the error says nothing was sent")


CASES = [
    pytest.param(path, is_async, id=f"{path.name}-{'async' if is_async else 'sync'}")
    for part in PARTS.values()
    for path in part.paths
    for is_async in (False, True)
]


# A warning that a vendor returned fewer files than matched is behaviour, not a failure.
@pytest.mark.filterwarnings("ignore::attachkit.errors.TruncatedResultWarning")
@pytest.mark.parametrize(("path", "is_async"), CASES)
@given(data=st.data())
def test_hostile_answers(path: Path, is_async: bool, data: st.DataObject) -> None:
    plan: dict[str, list[Answer]] = data.draw(
        plans(path, PARTS[path.vendor].alternatives), label="plan"
    )
    vendor = Vendor(path.kind_of, path.documented, plan, hosts=path.hosts)
    with tempfile.TemporaryDirectory(prefix="attachkit-hostile-") as temp:
        directory = FilePath(temp) / "saved"
        check(path, vendor, attempt(path, vendor, is_async, directory), directory)

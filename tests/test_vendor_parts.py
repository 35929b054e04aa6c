"""Every vendor any source knows has all its parts: a descriptor (with its command-line and
check parts), a spec with the vendor's examples, a contract mapping its cassettes are
checked by, a sandbox plug-in, and a test kit. A vendor known to one source but missing
from another fails here by name, instead of being passed over by the shared tests."""

from __future__ import annotations

import json
import time
import warnings
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
import vcr.request  # type: ignore[import-untyped]
import yaml

from attachkit import errors
from attachkit_sandbox import SandboxConfig, create_app
from tests.specs.spec_examples import load_spec, response_examples
from tests.support.contract import contract_errors, specified_prefixes
from tests.support.targets import PLACEHOLDERS
from tests.support.vendors import (
    NAMES,
    SANDBOX_PLUGINS,
    descriptors,
    kits,
    sandbox_client,
    sandbox_plugins,
    specs,
)

TESTS = Path(__file__).resolve().parent
BASE = "http://sandbox.test"


@pytest.mark.parametrize("name", NAMES)
def test_has_a_descriptor(name: str) -> None:
    descriptor = descriptors().get(name)
    assert descriptor is not None, f"{name}: no descriptor (registry or tests.HOME.{name})"
    assert descriptor.name == name
    assert descriptor.command_line().examples
    conformance = descriptor.conformance()
    assert conformance is not None, f"{name}: no conformance part: `check` cannot run"
    bundled = resources.files(conformance.spec_package).joinpath("openapi.json")
    # As generator/bundle_spec.py writes it: dates kept as the spec wrote them.
    spec = json.loads(json.dumps(load_spec(name), default=lambda when: when.isoformat()))
    assert json.loads(bundled.read_text(encoding="utf-8")) == spec


@pytest.mark.parametrize("name", NAMES)
def test_has_a_spec_with_examples(name: str) -> None:
    assert name in specs(), f"{name}: no specs/{name}.yaml (or tests/HOME/specs/{name}.yaml)"
    examples = list(response_examples(name))
    assert examples, f"{name}: its spec shows no response example"


@cache
def _cassettes_naming(origin: str) -> list[Path]:
    """Committed cassettes with an exchange under `origin`."""
    return [
        path
        for path in sorted(TESTS.glob("**/cassettes/**/*.yaml"))
        if origin + "/" in path.read_text(encoding="utf-8")
    ]


@pytest.mark.parametrize("name", NAMES)
def test_has_a_contract_mapping(name: str) -> None:
    plugin = sandbox_plugins().get(name)
    assert plugin is not None, f"{name}: no sandbox plug-in, so no targets"
    mapped = specified_prefixes()
    documented = [
        prefix for target, prefix in plugin.prefixes.items() if target not in plugin.unspecified
    ]
    assert documented, f"{name}: no prefix of its plug-in is described by a spec"
    assert {mapped.get(prefix) for prefix in documented} == {name}
    origin = PLACEHOLDERS[name]
    recorded = _cassettes_naming(origin)
    assert recorded, f"{name}: no committed cassette records an exchange with {origin}"
    interactions = yaml.safe_load(recorded[0].read_text(encoding="utf-8"))["interactions"]
    checked = [
        problem
        for interaction in interactions
        if interaction["request"]["uri"].startswith(origin + "/")
        for problem in contract_errors(_request(interaction["request"]), interaction["response"])
    ]
    assert checked == []


def _request(recorded: dict[str, Any]) -> Any:
    return vcr.request.Request(
        recorded["method"], recorded["uri"], recorded["body"], recorded["headers"]
    )


@pytest.mark.parametrize("name", NAMES)
def test_has_a_sandbox_plugin(name: str) -> None:
    plugin = sandbox_plugins().get(name)
    assert plugin is not None, (
        f"{name}: no sandbox plug-in (attachkit_sandbox.vendors or tests.HOME.sandbox)"
    )
    descriptor, kit = descriptors().get(name), kits().get(name)
    assert descriptor is not None, f"{name}: no descriptor"
    assert kit is not None, f"{name}: no kit"
    variables = set(plugin.quick_start(BASE, time.time()).variables)
    assert variables <= {setting.variable for setting in descriptor.settings}
    app = create_app(SandboxConfig(rate_limits=False), SANDBOX_PLUGINS)

    async def sample() -> list[Any]:
        client = sandbox_client(name, BASE, httpx2.ASGITransport(app=app))
        async with client:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", errors.TruncatedResultWarning)
                return [attachment async for attachment in kit.sample(client)]

    assert anyio.run(sample), f"{name}: its kit's sample lists no file in the sandbox"


@pytest.mark.parametrize("name", NAMES)
def test_has_a_test_kit(name: str) -> None:
    assert name in kits(), f"{name}: no kit (tests/vendors/{name}/ or tests/HOME/kit/)"

"""Logged-in generated clients for the operation tests (each login is part of the cassette)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import attachkit_altegio_client
import attachkit_amili_client
import attachkit_envi_client
from tests.operations.helpers import (
    altegio_login,
    altegio_user,
    amili_authenticated,
    envi_authenticated,
)
from tests.support.targets import Target


@pytest.fixture
def envi_api(envi_target: Target) -> Iterator[attachkit_envi_client.AuthenticatedClient]:
    with envi_authenticated(envi_target) as client:
        yield client


@pytest.fixture
def amili_api(amili_target: Target) -> Iterator[attachkit_amili_client.AuthenticatedClient]:
    with amili_authenticated(amili_target, None) as client:
        yield client


@pytest.fixture
def altegio_user_token(altegio_target: Target) -> str:
    return altegio_login(altegio_target)


@pytest.fixture
def altegio_api(
    altegio_target: Target, altegio_user_token: str
) -> Iterator[attachkit_altegio_client.Client]:
    with altegio_user(altegio_target, altegio_user_token) as client:
        yield client

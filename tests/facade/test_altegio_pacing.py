"""Client-side pacing against the sandbox's real Altegio limiter (5 a second and 200 a
minute per IP). The client's pacer, its waits and the sandbox's limiter all read one fake
clock, so a minute of traffic runs in an instant and nothing really sleeps."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit._core.pacing import Pacer
from attachkit.altegio import DEFAULT_RATE_LIMITS, AltegioClient, AsyncAltegioClient
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL, FakeClock
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_USER_TOKEN,
    AltegioSettings,
    altegio_bulk_client_ids,
)

API = f"{IN_PROCESS_BASE_URL}/altegio"
CLIENTS = altegio_bulk_client_ids()[:250]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[SandboxTransport]:
    transport = SandboxTransport(create_app(SandboxConfig(clock=clock)))
    yield transport
    transport.close()


def logged_in(
    sandbox: httpx2.BaseTransport, clock: FakeClock, rate_limits: Pacer | None
) -> AltegioClient:
    """A client that retries nothing, so a single 429 from the sandbox fails the test."""
    return AltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        base_url=API,
        transport=sandbox,
        rate_limits=rate_limits,
        sleep=clock.advance,
        max_retries=0,
    )


def test_default_pacing_keeps_bulk_use_under_the_vendor_limit(
    sandbox: SandboxTransport, clock: FakeClock
) -> None:
    start = clock()
    with logged_in(sandbox, clock, Pacer(DEFAULT_RATE_LIMITS, clock=clock)) as altegio:
        counts = [len(list(altegio.list_files(ALTEGIO_LOCATION_ID, c))) for c in CLIENTS]
    assert counts == [index % 3 + 1 for index in range(len(CLIENTS))]
    # 251 requests (the login included) cannot fit into one minute at 200 a minute.
    assert clock() - start > 60


def test_without_pacing_the_same_use_trips_the_limit(
    sandbox: SandboxTransport, clock: FakeClock
) -> None:
    listed: list[int] = []

    def list_all(altegio: AltegioClient) -> None:
        for client_id in CLIENTS:
            list(altegio.list_files(ALTEGIO_LOCATION_ID, client_id))
            listed.append(client_id)

    with logged_in(sandbox, clock, None) as altegio, pytest.raises(errors.RateLimitError) as caught:
        list_all(altegio)
    assert len(listed) == 4  # the login and four lists made five requests in the same second
    assert caught.value.status_code == 429


def test_the_default_limits_are_the_vendors_with_a_margin() -> None:
    assert [count for count, _period in DEFAULT_RATE_LIMITS] == [5, 200]
    assert [period for _count, period in DEFAULT_RATE_LIMITS] >= [1.0, 60.0]


@pytest.mark.anyio
async def test_the_async_client_paces_too(clock: FakeClock) -> None:
    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    transport = httpx2.ASGITransport(app=create_app(SandboxConfig(clock=clock)))
    start = clock()
    async with AsyncAltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        base_url=API,
        transport=transport,
        rate_limits=Pacer(DEFAULT_RATE_LIMITS, clock=clock),
        sleep=advance,
        max_retries=0,
    ) as altegio:
        for client_id in CLIENTS:
            assert [att async for att in altegio.list_files(ALTEGIO_LOCATION_ID, client_id)]
    assert clock() - start > 60


@pytest.mark.parametrize("shared", [True, False], ids=["shared-pacer", "own-pacers"])
def test_clients_on_one_address_share_a_pacer_to_stay_under_the_limit(
    sandbox: SandboxTransport, clock: FakeClock, shared: bool
) -> None:
    # Each client has its own pacer unless given one: nothing is shared behind the scenes.
    pacers = [Pacer(DEFAULT_RATE_LIMITS, clock=clock)] * 2
    if not shared:
        pacers = [Pacer(DEFAULT_RATE_LIMITS, clock=clock) for _ in range(2)]
    first, second = (
        AltegioClient(
            partner_token=ALTEGIO_PARTNER_TOKEN,
            user_token=ALTEGIO_USER_TOKEN,
            base_url=API,
            transport=sandbox,
            rate_limits=pacer,
            sleep=clock.advance,
            max_retries=0,
        )
        for pacer in pacers
    )
    outcome: list[str] = []
    with first, second:
        try:
            for client_id in CLIENTS[:6]:
                list(first.list_files(ALTEGIO_LOCATION_ID, client_id))
                list(second.list_files(ALTEGIO_LOCATION_ID, client_id))
                outcome.append("ok")
        except errors.RateLimitError:
            outcome.append("429")
    assert outcome == (["ok"] * 6 if shared else ["ok", "ok", "429"])


@pytest.mark.parametrize("earlier", [4, 5])
def test_the_login_takes_its_own_slot(
    sandbox: SandboxTransport, clock: FakeClock, earlier: int
) -> None:
    # Another client on the same address has just used `earlier` of this second's five slots.
    pacer = Pacer(DEFAULT_RATE_LIMITS, clock=clock)
    with AltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=API,
        transport=sandbox,
        rate_limits=pacer,
        sleep=clock.advance,
        max_retries=0,
    ) as busy:
        for client_id in CLIENTS[:earlier]:
            list(busy.list_files(ALTEGIO_LOCATION_ID, client_id))
    with logged_in(sandbox, clock, pacer) as altegio:
        for client_id in CLIENTS[:12]:
            assert list(altegio.list_files(ALTEGIO_LOCATION_ID, client_id))


def test_every_request_of_a_relogin_waits_for_a_slot(clock: FakeClock) -> None:
    sent: list[tuple[float, str]] = []
    answers = iter(
        [
            httpx2.Response(201, json={"success": True, "data": {"user_token": "old"}}),
            httpx2.Response(401, json={"success": False, "data": None, "meta": []}),
            httpx2.Response(201, json={"success": True, "data": {"user_token": "new"}}),
            httpx2.Response(200, json={"success": True, "data": [], "meta": {"count": 0}}),
        ]
    )

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append((clock() - start, request.method))
        return next(answers)

    start = clock()
    with AltegioClient.from_login(
        "partner",
        "owner",
        "password",
        base_url=API,
        transport=httpx2.MockTransport(answer),
        rate_limits=Pacer([(1, 1.0)], clock=clock),  # one request a second
        sleep=clock.advance,
    ) as altegio:
        assert list(altegio.list_files(1, 2)) == []
    assert sent == [(0.0, "POST"), (1.0, "GET"), (2.0, "POST"), (3.0, "GET")]


def test_retry_after_from_the_vendor_is_waited_for(clock: FakeClock) -> None:
    sandbox = SandboxTransport(
        create_app(SandboxConfig(clock=clock, vendor_settings=(AltegioSettings(retry_after=True),)))
    )
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    with AltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=API,
        transport=sandbox,
        rate_limits=None,
        sleep=sleep,
    ) as altegio:
        for client_id in CLIENTS[:12]:
            list(altegio.list_files(ALTEGIO_LOCATION_ID, client_id))
    sandbox.close()
    # Requests 6 and 11 were refused with `Retry-After: 1`; the client waited exactly that.
    assert waits == [1.0, 1.0]


def _login_then_lists(sent: list[float], clock: FakeClock) -> httpx2.MockTransport:
    """A vendor that issues a user token, then answers every list with no files."""

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append(clock())
        if request.method == "POST":
            return httpx2.Response(201, json={"success": True, "data": {"user_token": "t"}})
        return httpx2.Response(200, json={"success": True, "data": [], "meta": {"count": 0}})

    return httpx2.MockTransport(answer)


@pytest.mark.anyio
async def test_calls_waiting_for_a_login_hold_no_place_in_the_window(clock: FakeClock) -> None:
    # Every call waits for the one login; only requests on their way hold a place, so a
    # pacer allowing one request at a time lets the login and then each list through.
    sent: list[float] = []
    pacer = Pacer([(1, 1.0)], clock=clock)
    async with AsyncAltegioClient.from_login(
        "partner",
        "owner",
        "password",
        base_url=API,
        transport=_login_then_lists(sent, clock),
        rate_limits=pacer,
        sleep=clock.async_sleep,
    ) as altegio:

        async def list_files(client_id: int) -> None:
            assert [att async for att in altegio.list_files(1, client_id)] == []

        with anyio.fail_after(10):
            async with anyio.create_task_group() as group:
                for client_id in range(4):
                    group.start_soon(list_files, client_id)
    assert len(sent) == 5
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(sent))
    assert pacer.in_flight == 0


def test_a_login_that_failed_to_connect_frees_its_place(clock: FakeClock) -> None:
    sent: list[float] = []
    inner = _login_then_lists(sent, clock)
    failures = iter([httpx2.ConnectError("refused")])

    def answer(request: httpx2.Request) -> httpx2.Response:
        if request.method == "POST" and (failure := next(failures, None)) is not None:
            clock.advance(0.25)  # the connection attempt took a while
            raise failure
        return inner.handle_request(request)

    pacer = Pacer([(1, 1.0)], clock=clock)
    start = clock()
    with AltegioClient.from_login(
        "partner",
        "owner",
        "password",
        base_url=API,
        transport=httpx2.MockTransport(answer),
        rate_limits=pacer,
        sleep=clock.advance,
    ) as altegio:
        assert list(altegio.list_files(1, 2)) == []
    assert pacer.in_flight == 0
    # The failed login counts from when it failed: the retry waits a window from then.
    assert [moment - start for moment in sent] == pytest.approx([1.25, 2.25])


def test_the_clock_option_runs_the_default_pacing_on_virtual_time(
    sandbox: SandboxTransport, clock: FakeClock
) -> None:
    start = clock()
    with AltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=API,
        transport=sandbox,
        sleep=clock.advance,
        clock=clock,
        max_retries=0,
    ) as altegio:
        for client_id in CLIENTS:
            list(altegio.list_files(ALTEGIO_LOCATION_ID, client_id))
    # 250 lists wait out one minute's 200, and no more: the pacer read the clock its
    # waits moved (on the real clock, a sleep that does not wait would spin it far ahead).
    assert 60 < clock() - start < 61 + 50 / 5 * 1.05


@pytest.mark.parametrize("clock", ["monotonic", 1.5])
def test_a_clock_that_is_not_callable_is_refused(clock: object) -> None:
    with pytest.raises(TypeError, match="clock must be a callable"):
        AltegioClient(
            partner_token=ALTEGIO_PARTNER_TOKEN,
            user_token=ALTEGIO_USER_TOKEN,
            clock=clock,  # type: ignore[arg-type]
        )

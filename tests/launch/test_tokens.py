"""Tokens: access token in memory, refresh token in the keyring; refresh before expiry and
once after a 401; forgetting stored tokens."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import keyring
import pytest

from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import NotAuthorised
from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.launch.errors import TokenStoreUnavailable
from pzp_desktop.launch.tokens import (
    INDEX_USERNAME,
    KEYRING_SERVICE,
    RefreshTokenStore,
    SmartTokenProvider,
    forget_tokens,
)
from tests.smart_server.keyring_backend import BrokenKeyring, MemoryKeyring

ISSUER = "https://epd.example.org/fhir"
USER = "https://epd.example.org/fhir/Practitioner/arts-1"
TOKEN_URL = "https://login.example.org/token"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenEndpoint:
    """A scripted token endpoint that rotates refresh tokens."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.answers: list[httpx.Response] = []
        self.counter = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert str(request.url) == TOKEN_URL
        assert "Authorization" not in request.headers
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        self.requests.append(form)
        if self.answers:
            return self.answers.pop(0)
        self.counter += 1
        return httpx.Response(
            200,
            json={
                "access_token": f"access-{self.counter}",
                "token_type": "bearer",
                "expires_in": 300,
                "refresh_token": f"refresh-{self.counter}",
            },
        )


@pytest.fixture
def store(isolated_keyring: MemoryKeyring) -> RefreshTokenStore:
    return RefreshTokenStore(isolated_keyring)


@pytest.fixture
def endpoint() -> TokenEndpoint:
    return TokenEndpoint()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def provider(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock, **kwargs: Any
) -> SmartTokenProvider:
    options: dict[str, Any] = {
        "http": OAuthHttp(transport=httpx.MockTransport(endpoint)),
        "token_endpoint": TOKEN_URL,
        "client_id": "pzp-desktop",
        "issuer": ISSUER,
        "user": USER,
        "access_token": "access-0",
        "expires_in": 300,
        "store": store,
        "clock": clock,
    }
    options.update(kwargs)
    result = SmartTokenProvider(**options)
    result.store_refresh_token("refresh-0")
    return result


# ----------------------------------------------------------------------------- keyring


def test_refresh_token_is_stored_per_issuer_and_user(isolated_keyring: MemoryKeyring) -> None:
    store = RefreshTokenStore(isolated_keyring)
    assert store.save(ISSUER + "/", USER, "rt-secret")
    assert isolated_keyring.entries[(KEYRING_SERVICE, f"{ISSUER}|{USER}")] == "rt-secret"
    assert store.load(ISSUER, USER) == "rt-secret"
    assert store.load(ISSUER, "someone-else") is None
    index = json.loads(isolated_keyring.entries[(KEYRING_SERVICE, INDEX_USERNAME)])
    assert index == [f"{ISSUER}|{USER}"]
    assert "rt-secret" not in json.dumps(index)


def test_default_store_uses_the_global_keyring(isolated_keyring: MemoryKeyring) -> None:
    assert keyring.get_keyring() is isolated_keyring
    RefreshTokenStore().save(ISSUER, USER, "x")
    assert (KEYRING_SERVICE, f"{ISSUER}|{USER}") in isolated_keyring.entries


def test_forget_all_and_per_issuer(
    store: RefreshTokenStore, isolated_keyring: MemoryKeyring
) -> None:
    store.save(ISSUER, USER, "a")
    store.save(ISSUER, "other-user", "b")
    store.save("https://his.example.org/fhir", USER, "c")
    assert forget_tokens("https://his.example.org/fhir/", store=store) == 1
    assert store.load("https://his.example.org/fhir", USER) is None
    assert store.load(ISSUER, USER) == "a"
    assert forget_tokens(store=store) == 2
    assert isolated_keyring.entries == {}
    assert forget_tokens(store=store) == 0


def test_forget_with_a_broken_keyring() -> None:
    with pytest.raises(TokenStoreUnavailable) as caught:
        RefreshTokenStore(BrokenKeyring()).forget()
    assert "sleutelhanger" in caught.value.user_message


def test_broken_keyring_does_not_break_a_session(endpoint: TokenEndpoint, clock: Clock) -> None:
    store = RefreshTokenStore(BrokenKeyring())
    assert not store.save(ISSUER, USER, "x")
    assert store.load(ISSUER, USER) is None
    store.delete(ISSUER, USER)  # no exception
    tokens = provider(store, endpoint, clock)
    assert tokens.access_token() == "access-0"
    assert not tokens.refresh_after_401()


# ----------------------------------------------------------------------------- refreshing


def test_no_refresh_while_the_token_is_fresh(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    clock.now += 300 - 61
    assert tokens.access_token() == "access-0"
    assert endpoint.requests == []


def test_silent_refresh_before_expiry(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    clock.now += 300 - 59  # within the 60 s margin
    assert tokens.access_token() == "access-1"
    assert endpoint.requests == [
        {"grant_type": "refresh_token", "refresh_token": "refresh-0", "client_id": "pzp-desktop"}
    ]
    # The rotated refresh token replaced the old one in the keyring.
    assert store.load(ISSUER, USER) == "refresh-1"
    assert tokens.access_token() == "access-1"
    assert len(endpoint.requests) == 1


def test_refresh_after_401_through_the_fhir_client(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    seen: list[str | None] = []

    def fhir(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        if request.headers.get("Authorization") == "Bearer access-0":
            return httpx.Response(401)
        return httpx.Response(
            200,
            json={"resourceType": "Patient", "id": "p1"},
            headers={"Content-Type": "application/fhir+json"},
        )

    with FhirClient(ISSUER, transport=httpx.MockTransport(fhir), token_provider=tokens) as client:
        assert client.read("Patient", "p1")["id"] == "p1"
    assert seen == ["Bearer access-0", "Bearer access-1"]
    assert tokens.refresh_count == 1


def test_only_one_refresh_after_401(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    seen: list[str | None] = []

    def fhir(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return httpx.Response(401)

    with (
        FhirClient(ISSUER, transport=httpx.MockTransport(fhir), token_provider=tokens) as client,
        pytest.raises(NotAuthorised),
    ):
        client.read("Patient", "p1")
    assert seen == ["Bearer access-0", "Bearer access-1"]
    assert len(endpoint.requests) == 1


def test_concurrent_401s_share_one_refresh(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    assert tokens.refresh_after_401()
    assert tokens.refresh_after_401()  # a second worker, a moment later
    assert len(endpoint.requests) == 1
    clock.now += 10
    assert tokens.refresh_after_401()
    assert len(endpoint.requests) == 2


def test_invalid_grant_deletes_the_refresh_token(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    endpoint.answers.append(httpx.Response(400, json={"error": "invalid_grant"}))
    assert not tokens.refresh_after_401()
    assert store.load(ISSUER, USER) is None
    assert not tokens.refresh_after_401()  # nothing left to try
    assert len(endpoint.requests) == 1


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, text="oops"),
        httpx.Response(200, json={"token_type": "bearer"}),
        httpx.Response(200, json={"access_token": "x", "token_type": "mac"}),
    ],
)
def test_failed_refresh_keeps_the_refresh_token(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock, answer: httpx.Response
) -> None:
    tokens = provider(store, endpoint, clock)
    endpoint.answers.append(answer)
    assert not tokens.refresh_after_401()
    assert store.load(ISSUER, USER) == "refresh-0"
    assert tokens.access_token() == "access-0"


def test_unreachable_token_endpoint(store: RefreshTokenStore, clock: Clock) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    tokens = provider(
        store, TokenEndpoint(), clock, http=OAuthHttp(transport=httpx.MockTransport(down))
    )
    assert not tokens.refresh_after_401()


def test_without_user_nothing_is_stored(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock, isolated_keyring: MemoryKeyring
) -> None:
    tokens = provider(store, endpoint, clock, user=None)
    assert isolated_keyring.entries == {}
    assert not tokens.can_refresh
    clock.now += 1000
    assert tokens.access_token() == "access-0"  # expired, but nothing to refresh with
    assert endpoint.requests == []


def test_forget_drops_both_tokens(
    store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock
) -> None:
    tokens = provider(store, endpoint, clock)
    tokens.forget()
    assert tokens.access_token() is None
    assert store.load(ISSUER, USER) is None


def test_repr_has_no_token(store: RefreshTokenStore, endpoint: TokenEndpoint, clock: Clock) -> None:
    tokens = provider(store, endpoint, clock)
    assert "access-0" not in repr(tokens)
    assert "refresh-0" not in repr(tokens)

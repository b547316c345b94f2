"""SMART discovery: the document is checked before anything is sent to its endpoints."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.launch.discovery import discover, parse_smart_configuration
from pzp_desktop.launch.errors import DiscoveryInvalid, IssuerUnreachable, SmartNotOffered

ISS = "https://epd.example.org/fhir"


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "issuer": "https://login.example.org",
        "jwks_uri": "https://login.example.org/jwks",
        "authorization_endpoint": "https://login.example.org/authorize",
        "token_endpoint": "https://login.example.org/token",
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "capabilities": ["launch-ehr", "permission-v2", "sso-openid-connect"],
        "code_challenge_methods_supported": ["S256"],
    }
    for name, value in changes.items():
        if value is None:
            doc.pop(name)
        else:
            doc[name] = value
    return doc


def http_answering(handler: Any) -> OAuthHttp:
    return OAuthHttp(transport=httpx.MockTransport(handler))


def test_a_good_document() -> None:
    config = parse_smart_configuration(document())
    assert config.token_endpoint == "https://login.example.org/token"
    assert config.permission_v2
    assert config.supports("launch-ehr")


def test_v1_server() -> None:
    config = parse_smart_configuration(document(capabilities=["launch-ehr", "permission-v1"]))
    assert not config.permission_v2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"authorization_endpoint": None}, "authorization_endpoint ontbreekt"),
        ({"token_endpoint": None}, "token_endpoint ontbreekt"),
        ({"capabilities": None}, "capabilities ontbreekt"),
        ({"code_challenge_methods_supported": None}, "code_challenge_methods_supported"),
        ({"code_challenge_methods_supported": ["plain"]}, "S256"),
        ({"code_challenge_methods_supported": "S256"}, "lijst"),
        ({"capabilities": [1, 2]}, "lijst"),
        ({"token_endpoint": "http://login.example.org/token"}, "https"),
        ({"authorization_endpoint": "/authorize"}, "volledig webadres"),
        ({"token_endpoint": 42}, "geen adres"),
        ({"jwks_uri": "http://login.example.org/jwks"}, "https"),
        ({"grant_types_supported": ["client_credentials"]}, "authorization_code"),
        ({"issuer": 5}, "issuer"),
    ],
)
def test_broken_documents_are_refused(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(DiscoveryInvalid) as caught:
        parse_smart_configuration(document(**changes))
    assert caught.value.reason is not None
    assert reason in caught.value.reason
    assert "applicatiebeheerder" in caught.value.user_message


def test_not_an_object() -> None:
    with pytest.raises(DiscoveryInvalid):
        parse_smart_configuration(["a"])


def test_loopback_http_endpoints_are_allowed() -> None:
    config = parse_smart_configuration(
        document(token_endpoint="http://127.0.0.1:9000/token", jwks_uri="http://localhost/j")
    )
    assert config.token_endpoint == "http://127.0.0.1:9000/token"


def test_discover_fetches_the_well_known_url() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=document())

    config = discover(ISS, http_answering(handler))
    assert config.authorization_endpoint.endswith("/authorize")
    assert str(seen[0].url) == f"{ISS}/.well-known/smart-configuration"
    assert "Authorization" not in seen[0].headers


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(404), SmartNotOffered),
        (httpx.Response(500, json={"error": "x"}), DiscoveryInvalid),
        (httpx.Response(200, text="<html>login</html>"), DiscoveryInvalid),
        (httpx.Response(200, text=json.dumps(document(token_endpoint=None))), DiscoveryInvalid),
        (httpx.Response(302, headers={"Location": "https://elsewhere"}), DiscoveryInvalid),
    ],
)
def test_discover_errors(response: httpx.Response, error: type[Exception]) -> None:
    with pytest.raises(error):
        discover(ISS, http_answering(lambda request: response))


def test_unreachable_iss() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(IssuerUnreachable) as caught:
        discover(ISS, http_answering(handler))
    assert "niet bereikbaar" in caught.value.user_message


def test_timeout_is_unreachable_too() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(IssuerUnreachable):
        discover(ISS, http_answering(handler))

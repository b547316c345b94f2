"""The whole SMART EHR launch, headless, then reading from the HAPI test server with the token.

Setup (the simplest honest one): HAPI checks no tokens and serves no SMART discovery, so
the ``iss`` is a small gateway in front of HAPI (``tests/smart_server/gateway.py``,
``http://127.0.0.1:<port>/fhir``). It serves ``{iss}/.well-known/smart-configuration``
from the test authorisation server (Authlib), checks every FHIR request's bearer token with
that server like a resource server does, and forwards the request to HAPI without the
Authorization header. A headless browser (httpx) stands in for the system browser and
follows the redirects to the app's loopback listener.

What is checked: the context from the token response, reads and a write against HAPI with
the token, a refresh after a 401, a BSN launch, view-only enforcement, and that the
Authorization header went only to the FHIR base: the authorisation server (discovery,
authorize, token, JWKS) never received one, and every request that carried one went to
the FHIR base.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.errors import WriteRefused
from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.launch.arguments import EhrLaunch, StandaloneBsn
from pzp_desktop.launch.context import LaunchMode, create_client, resolve_launch
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.launch.tokens import RefreshTokenStore
from pzp_desktop.sources.bsn import is_valid_bsn
from tests.smart_server.browser import HeadlessBrowser
from tests.smart_server.gateway import FhirGateway
from tests.smart_server.keyring_backend import MemoryKeyring
from tests.smart_server.server import SmartAuthServer

pytestmark = pytest.mark.integration

BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"


class RecordingTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def unique_bsn() -> str:
    """A fresh BSN in the 9999 test range that passes the 11-test."""
    while True:
        digits = "9999" + "".join(secrets.choice("0123456789") for _ in range(4))
        total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        check = total % 11
        if check < 10 and is_valid_bsn(digits + str(check)):
            return digits + str(check)


@pytest.fixture
def hapi_base(fhir_server: Any) -> str:
    return str(fhir_server.base_url).rstrip("/")


@pytest.fixture
def hapi_gateway(smart_server: SmartAuthServer, hapi_base: str) -> Iterator[FhirGateway]:
    gateway = FhirGateway(smart_server, upstream_base=hapi_base).start()
    try:
        yield gateway
    finally:
        gateway.stop()


@pytest.fixture
def patient(hapi_base: str, smart_server: SmartAuthServer) -> dict[str, str]:
    """A patient, an encounter and the clinician's Practitioner, loaded straight into HAPI."""
    suffix = uuid.uuid4().hex[:12]
    ids = {
        "patient": f"smart-pat-{suffix}",
        "encounter": f"smart-enc-{suffix}",
        "practitioner": f"smart-arts-{suffix}",
        "bsn": unique_bsn(),
    }
    resources: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": ids["patient"],
            "identifier": [{"system": BSN_SYSTEM, "value": ids["bsn"]}],
            "name": [{"family": "Smart", "given": ["Fictief"]}],
        },
        {
            "resourceType": "Encounter",
            "id": ids["encounter"],
            "status": "in-progress",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "IMP",
            },
            "subject": {"reference": f"Patient/{ids['patient']}"},
        },
        {
            "resourceType": "Practitioner",
            "id": ids["practitioner"],
            "name": [{"family": "Jansen", "given": ["A."]}],
        },
    ]
    with httpx.Client(timeout=30) as http:
        for resource in resources:
            response = http.put(
                f"{hapi_base}/{resource['resourceType']}/{resource['id']}",
                json=resource,
                headers={"Content-Type": "application/fhir+json"},
            )
            assert response.status_code in (200, 201), response.text
    for user in smart_server.users.values():
        user.fhir_user = f"Practitioner/{ids['practitioner']}"
    return ids


class App:
    def __init__(self, browser: HeadlessBrowser) -> None:
        self.browser = browser
        self.oauth_transport = RecordingTransport()
        self.fhir_transport = RecordingTransport()
        self.settings = LaunchSettings(
            open_browser=browser.open,
            callback_timeout=30,
            http=OAuthHttp(transport=self.oauth_transport),
            token_store=RefreshTokenStore(),
            client_factory=self._client,
        )

    def _client(self, base: str, provider: TokenProvider | None, read_only: bool) -> FhirClient:
        return FhirClient(
            base, transport=self.fhir_transport, token_provider=provider, read_only=read_only
        )


@pytest.fixture
def app(memory_keyring: MemoryKeyring) -> Iterator[App]:
    app = App(HeadlessBrowser())
    yield app
    if app.settings.http is not None:
        app.settings.http.close()
    app.oauth_transport.close()
    app.fhir_transport.close()


def test_ehr_launch_then_read_from_hapi_with_the_token(
    smart_server: SmartAuthServer,
    hapi_gateway: FhirGateway,
    patient: dict[str, str],
    app: App,
    memory_keyring: MemoryKeyring,
) -> None:
    launch = smart_server.create_launch(patient["patient"], patient["encounter"])
    context = resolve_launch(EhrLaunch(hapi_gateway.base_url, launch), app.settings)

    assert context.mode is LaunchMode.EHR
    assert context.patient_id == patient["patient"]
    assert context.encounter_id == patient["encounter"]
    assert context.user is not None
    assert context.user.reference == f"Practitioner/{patient['practitioner']}"
    assert context.user.display == "Dr. A. Jansen"
    assert not context.view_only
    assert "U kunt dit tabblad sluiten" in app.browser.last_page.text
    assert len(app.browser.visits) == 2  # the clinician had a session: no login page

    with create_client(context, app.settings) as client:
        read = client.read("Patient", patient["patient"])
        assert read["identifier"][0]["value"] == patient["bsn"]
        encounters = client.search("Encounter", {"patient": patient["patient"]})
        assert [e["id"] for e in encounters.matches] == [patient["encounter"]]
        created = client.create(
            {
                "resourceType": "Goal",
                "lifecycleStatus": "active",
                "description": {"text": "Comfort"},
                "subject": {"reference": f"Patient/{patient['patient']}"},
            }
        )
        assert created["resourceType"] == "Goal"

        # The access token stops working: one refresh, and the read goes through.
        smart_server.expire_access_tokens()
        assert client.read("Patient", patient["patient"])["id"] == patient["patient"]
    assert smart_server.token_requests[-1]["grant_type"] == "refresh_token"

    # The Authorization header went only to the FHIR base.
    assert smart_server.requests_seen
    assert all(seen.authorization is None for seen in smart_server.requests_seen)
    assert all("Authorization" not in r.headers for r in app.oauth_transport.requests)
    with_token = [r for r in app.fhir_transport.requests if "Authorization" in r.headers]
    assert len(with_token) >= 5
    assert all(str(r.url).startswith(hapi_gateway.base_url + "/") for r in with_token)
    assert all(r.path.startswith("/fhir/") for r in hapi_gateway.authorized_requests())
    assert all(".well-known" not in r.path for r in hapi_gateway.authorized_requests())
    # Tokens reached HAPI only through the gateway, which strips them.
    assert not any(
        str(r.url).startswith(str(httpx.URL(hapi_gateway.upstream_base)))
        for r in app.fhir_transport.requests
    )


def test_standalone_bsn_launch_against_hapi(
    smart_server: SmartAuthServer, hapi_gateway: FhirGateway, patient: dict[str, str], app: App
) -> None:
    context = resolve_launch(StandaloneBsn(hapi_gateway.base_url, patient["bsn"]), app.settings)
    assert context.mode is LaunchMode.STANDALONE_BSN
    assert context.patient_id == patient["patient"]
    assert not context.view_only


def test_home_care_user_is_view_only_against_hapi(
    smart_server: SmartAuthServer, hapi_gateway: FhirGateway, patient: dict[str, str], app: App
) -> None:
    smart_server.sso_user = "wijkverpleegkundige"
    launch = smart_server.create_launch(patient["patient"])
    context = resolve_launch(EhrLaunch(hapi_gateway.base_url, launch), app.settings)
    assert context.view_only
    with create_client(context, app.settings) as client:
        assert client.read("Patient", patient["patient"])["id"] == patient["patient"]
        sent = len(app.fhir_transport.requests)
        with pytest.raises(WriteRefused):
            client.create({"resourceType": "Goal", "lifecycleStatus": "active"})
        assert len(app.fhir_transport.requests) == sent

"""Whole launches against the real test authorisation server (Authlib) and a token-checking
FHIR gateway in front of the in-memory FHIR server; a headless browser clicks through.

The same flow against HAPI lives in tests/integration/test_smart_launch.py.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.errors import WriteRefused
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.launch.arguments import EhrLaunch, StandaloneBsn, StandaloneSmart, Training
from pzp_desktop.launch.context import LaunchContext, LaunchMode, create_client, resolve_launch
from pzp_desktop.launch.errors import (
    AccessDenied,
    AmbiguousPatient,
    AuthorizationFailed,
    BrowserUnavailable,
    DiscoveryInvalid,
    IdTokenInvalid,
    IssuerUnreachable,
    LaunchError,
    LaunchExpired,
    LoginCancelled,
    LoginTimedOut,
    NoPatientInContext,
    PatientNotFound,
    SourceError,
    StateMismatch,
    TokenEndpointError,
)
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.launch.tokens import KEYRING_SERVICE, RefreshTokenStore
from tests.smart_server.browser import HeadlessBrowser
from tests.smart_server.fixture import ENCOUNTER_ID, PATIENT_BSN, PATIENT_ID
from tests.smart_server.gateway import FhirGateway
from tests.smart_server.keyring_backend import MemoryKeyring
from tests.smart_server.server import Launch, SmartAuthServer


class RecordingTransport(httpx.BaseTransport):
    """Wraps the real transport and records every request the app sends."""

    def __init__(self) -> None:
        self.inner: httpx.BaseTransport = httpx.HTTPTransport()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


_OPEN_APPS: list[App] = []


class App:
    """What the app would set up: settings with a browser, recording every request."""

    def __init__(self, browser: HeadlessBrowser, **settings: Any) -> None:
        _OPEN_APPS.append(self)
        self.browser = browser
        self.oauth_transport = RecordingTransport()
        self.fhir_transport = RecordingTransport()
        options: dict[str, Any] = {
            "open_browser": browser.open,
            "callback_timeout": 5,
            "http": OAuthHttp(transport=self.oauth_transport),
            "token_store": RefreshTokenStore(),
            "client_factory": self._client,
        }
        options.update(settings)
        self.settings = LaunchSettings(**options)

    def _client(self, base: str, provider: TokenProvider | None, read_only: bool) -> FhirClient:
        return FhirClient(
            base, transport=self.fhir_transport, token_provider=provider, read_only=read_only
        )

    def close(self) -> None:
        if self.settings.http is not None:
            self.settings.http.close()
        self.oauth_transport.close()
        self.fhir_transport.close()

    def launch(self, request: Any, **kwargs: Any) -> LaunchContext:
        return resolve_launch(request, self.settings, **kwargs)

    @property
    def authorize_params(self) -> dict[str, str]:
        query = parse_qs(urlsplit(self.browser.authorize_url).query)
        return {name: values[0] for name, values in query.items()}


@pytest.fixture(autouse=True)
def _close_apps() -> Iterator[None]:
    yield
    while _OPEN_APPS:
        _OPEN_APPS.pop().close()


@pytest.fixture
def app() -> App:
    return App(HeadlessBrowser())


def ehr(server: SmartAuthServer, gateway: FhirGateway) -> EhrLaunch:
    return EhrLaunch(gateway.base_url, server.create_launch(PATIENT_ID, ENCOUNTER_ID))


# ----------------------------------------------------------------------------- EHR launch


def test_ehr_launch_without_login_screen(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    app: App,
    isolated_keyring: MemoryKeyring,
) -> None:
    request = ehr(smart_server, smart_fhir)
    context = app.launch(request)

    assert context.mode is LaunchMode.EHR
    assert context.fhir_base == smart_fhir.base_url
    assert context.patient_id == PATIENT_ID
    assert context.encounter_id == ENCOUNTER_ID
    assert context.user is not None
    assert context.user.reference == "Practitioner/arts-1"
    assert context.user.display == "Dr. A. Jansen"
    assert not context.view_only
    assert context.need_patient_banner is False

    # No login page: authorize answered with a redirect straight to the loopback listener.
    visits = app.browser.visits
    assert len(visits) == 2
    assert visits[0].status == 302
    assert visits[1].url.startswith("http://127.0.0.1:")
    assert "U kunt dit tabblad sluiten" in visits[1].text

    params = app.authorize_params
    assert params["response_type"] == "code"
    assert params["client_id"] == "pzp-desktop"
    assert params["aud"] == smart_fhir.base_url
    assert params["launch"] == request.launch
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 22  # ≥ 128 bits in base64url
    assert params["redirect_uri"].startswith("http://127.0.0.1:")
    assert params["redirect_uri"].endswith("/callback")
    assert params["scope"].split()[:4] == ["launch", "openid", "fhirUser", "online_access"]
    assert "patient/Consent.cu" in params["scope"].split()

    token_request = smart_server.token_requests[0]
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["redirect_uri"] == params["redirect_uri"]
    assert len(token_request["code_verifier"]) >= 43
    assert "client_secret" not in token_request

    # The refresh token is in the keyring under issuer|fhirUser; the access token is not.
    issued = next(iter(smart_server.tokens.values()))
    user = f"{smart_fhir.base_url}/Practitioner/arts-1"
    key = (KEYRING_SERVICE, f"{smart_fhir.base_url}|{user}")
    assert isolated_keyring.entries[key] == issued.refresh_token
    assert issued.access_token not in isolated_keyring.entries.values()

    with create_client(context, app.settings) as client:
        assert client.read("Patient", PATIENT_ID)["id"] == PATIENT_ID


def test_login_page_when_the_user_has_no_session(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    smart_server.sso_user = None
    app = App(HeadlessBrowser(username="dr-jansen", password="geheim"))
    context = app.launch(ehr(smart_server, smart_fhir))
    assert context.patient_id == PATIENT_ID
    assert any("Inloggen" in visit.text for visit in app.browser.visits)
    assert "U kunt dit tabblad sluiten" in app.browser.last_page.text


def test_the_session_cookie_spares_a_second_login(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    smart_server.sso_user = None
    browser = HeadlessBrowser(username="dr-jansen", password="geheim")
    App(browser).launch(ehr(smart_server, smart_fhir))
    browser.username = browser.password = None
    visits_before = len(browser.visits)
    App(browser).launch(ehr(smart_server, smart_fhir))
    assert not any("Inloggen" in v.text for v in browser.visits[visits_before:])


def test_wrong_password_ends_in_a_timeout(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    smart_server.sso_user = None
    app = App(HeadlessBrowser(username="dr-jansen", password="fout"), callback_timeout=0.5)
    with pytest.raises(LoginTimedOut):
        app.launch(ehr(smart_server, smart_fhir))


def test_user_denies_on_the_login_page(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    smart_server.sso_user = None
    app = App(HeadlessBrowser(deny=True))
    with pytest.raises(AccessDenied) as caught:
        app.launch(ehr(smart_server, smart_fhir))
    assert "toegang is geweigerd" in caught.value.user_message.lower()
    assert "Geen toegang" in app.browser.last_page.text


def test_ehr_refuses_consent(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.deny_consent = True
    with pytest.raises(AccessDenied):
        app.launch(ehr(smart_server, smart_fhir))


def test_state_mismatch(smart_server: SmartAuthServer, smart_fhir: FhirGateway) -> None:
    def tamper(url: str) -> str:
        return url.replace("state=", "state=x")

    app = App(HeadlessBrowser(rewrite_callback=tamper), callback_timeout=0.5)
    with pytest.raises(StateMismatch):
        app.launch(ehr(smart_server, smart_fhir))
    assert app.browser.last_page.status == 400
    assert smart_server.token_requests == []  # the code was never used


def test_expired_launch(smart_server: SmartAuthServer, smart_fhir: FhirGateway) -> None:
    request = ehr(smart_server, smart_fhir)
    app = App(HeadlessBrowser(after_authorize=lambda _: smart_server.expire_launch(request.launch)))
    with pytest.raises(LaunchExpired) as caught:
        app.launch(request)
    assert "Open de patiënt opnieuw" in caught.value.user_message


def test_unknown_launch(smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App) -> None:
    with pytest.raises(AuthorizationFailed):
        app.launch(EhrLaunch(smart_fhir.base_url, "never-issued"))


def test_launch_without_patient(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.launches["no-patient"] = Launch(patient="")
    with pytest.raises(NoPatientInContext):
        app.launch(EhrLaunch(smart_fhir.base_url, "no-patient"))


def test_token_endpoint_error(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.token_failure_status = 500
    with pytest.raises(TokenEndpointError):
        app.launch(ehr(smart_server, smart_fhir))


def test_unreachable_iss(app: App) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(IssuerUnreachable) as caught:
        app.launch(EhrLaunch(f"http://127.0.0.1:{port}/fhir", "x"))
    assert "niet bereikbaar" in caught.value.user_message
    assert app.browser.opened == []


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"code_challenge_methods_supported": ["plain"]}, 200),
        ({"token_endpoint": None}, 200),
        ({"capabilities": ["launch-standalone", "permission-v2"]}, 200),  # no launch-ehr
        ({}, 500),
    ],
)
def test_broken_discovery(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    app: App,
    overrides: dict[str, Any],
    status: int,
) -> None:
    smart_server.configuration_overrides = overrides
    smart_server.configuration_status = status
    with pytest.raises(DiscoveryInvalid):
        app.launch(ehr(smart_server, smart_fhir))
    assert app.browser.opened == []


def test_no_browser(smart_server: SmartAuthServer, smart_fhir: FhirGateway) -> None:
    app = App(HeadlessBrowser(fail=True))
    with pytest.raises(BrowserUnavailable):
        app.launch(ehr(smart_server, smart_fhir))


def test_cancel(smart_server: SmartAuthServer, smart_fhir: FhirGateway) -> None:
    cancel = threading.Event()

    def user_walks_away(url: str) -> bool:
        cancel.set()
        return True

    app = App(HeadlessBrowser())
    app.settings.open_browser = user_walks_away
    with pytest.raises(LoginCancelled):
        app.launch(ehr(smart_server, smart_fhir), cancel=cancel)


def test_id_token_signed_with_an_unpublished_key(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    from joserfc.jwk import RSAKey

    other = RSAKey.generate_key(2048, parameters={"kid": smart_server.signing_key.kid})
    smart_server.jwks_override = {"keys": [other.as_dict(private=False)]}
    with pytest.raises(IdTokenInvalid):
        app.launch(ehr(smart_server, smart_fhir))


def test_es256_id_token(smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App) -> None:
    smart_server.use_algorithm("ES256")
    context = app.launch(ehr(smart_server, smart_fhir))
    assert context.user is not None
    assert context.user.reference == "Practitioner/arts-1"


# ----------------------------------------------------------------------------- roles & scopes


def test_user_without_write_permission_is_view_only(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.sso_user = "wijkverpleegkundige"
    context = app.launch(ehr(smart_server, smart_fhir))
    assert context.view_only
    assert "patient/Consent.cu" in app.authorize_params["scope"]  # asked, but not granted
    assert "patient/Consent.cu" not in context.granted_scopes
    requests_before = len(app.fhir_transport.requests)
    with create_client(context, app.settings) as client, pytest.raises(WriteRefused):
        client.create({"resourceType": "Consent", "status": "active"})
    assert len(app.fhir_transport.requests) == requests_before  # nothing was sent


def test_installation_forces_view_only(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    app = App(HeadlessBrowser(), force_view_only=True)
    context = app.launch(ehr(smart_server, smart_fhir))
    assert context.view_only
    scopes = app.authorize_params["scope"].split()
    assert not any(s.endswith((".cu", ".c", ".write")) for s in scopes)


def test_v1_scopes_for_a_v1_server(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.capabilities = [c for c in smart_server.capabilities if c != "permission-v2"]
    smart_server.capabilities.append("permission-v1")
    context = app.launch(ehr(smart_server, smart_fhir))
    scopes = app.authorize_params["scope"].split()
    assert "patient/Consent.read" in scopes
    assert "patient/Consent.write" in scopes
    assert not context.view_only


def test_extra_scopes_and_redirect_path(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    app = App(
        HeadlessBrowser(),
        scopes_extra=("launch/encounter", "patient/Flag.cu"),
        redirect_path="/callback",
    )
    app.launch(ehr(smart_server, smart_fhir))
    scopes = app.authorize_params["scope"].split()
    assert scopes[-2:] == ["launch/encounter", "patient/Flag.cu"]


def test_extra_write_scopes_are_dropped_when_view_only_is_forced(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    app = App(
        HeadlessBrowser(),
        force_view_only=True,
        scopes_extra=("launch/encounter", "patient/Consent.cu"),
    )
    app.launch(ehr(smart_server, smart_fhir))
    scopes = app.authorize_params["scope"].split()
    assert "launch/encounter" in scopes
    assert "patient/Consent.cu" not in scopes


def test_a_redirect_path_the_server_does_not_know_is_refused(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway
) -> None:
    app = App(HeadlessBrowser(), redirect_path="/elders", callback_timeout=0.5)
    with pytest.raises(LoginTimedOut):
        app.launch(ehr(smart_server, smart_fhir))
    assert app.browser.visits[0].status == 400  # the server refuses an unregistered URI


def test_organisation_from_practitioner_role(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    memory_fhir: InMemoryFhirServer,
    app: App,
) -> None:
    memory_fhir.reset(
        [
            *memory_fhir.all_current(),
            {
                "resourceType": "PractitionerRole",
                "id": "rol-1",
                "practitioner": {"reference": "Practitioner/arts-1", "display": "A. Jansen"},
                "organization": {"reference": "Organization/zh-1", "display": "Ziekenhuis Oost"},
            },
        ]
    )
    smart_server.users["dr-jansen"].fhir_user = "PractitionerRole/rol-1"
    context = app.launch(ehr(smart_server, smart_fhir))
    assert context.user is not None
    assert context.user.reference == "PractitionerRole/rol-1"
    assert context.organisation is not None
    assert context.organisation.display == "Ziekenhuis Oost"


# ----------------------------------------------------------------------------- standalone


def test_standalone_smart_launch(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_server.standalone_patient = PATIENT_ID
    context = app.launch(StandaloneSmart(smart_fhir.base_url))
    assert context.mode is LaunchMode.STANDALONE_SMART
    assert context.patient_id == PATIENT_ID
    scopes = app.authorize_params["scope"].split()
    assert scopes[0] == "launch/patient"
    assert "launch" not in app.authorize_params


def test_standalone_with_bsn_and_smart(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    context = app.launch(StandaloneBsn(smart_fhir.base_url, PATIENT_BSN))
    assert context.mode is LaunchMode.STANDALONE_BSN
    assert context.patient_id == PATIENT_ID
    assert not context.view_only
    assert "user/Patient.rs" in app.authorize_params["scope"].split()
    assert context.user is not None
    assert context.user.display == "Dr. A. Jansen"


def test_standalone_bsn_not_found(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    with pytest.raises(PatientNotFound) as caught:
        app.launch(StandaloneBsn(smart_fhir.base_url, "999911132"))
    assert "999911132" not in caught.value.user_message


def test_standalone_bsn_ambiguous(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    memory_fhir: InMemoryFhirServer,
    app: App,
) -> None:
    twin = dict(memory_fhir.all_current("Patient")[0], id="pat-2")
    memory_fhir.reset([*memory_fhir.all_current(), twin])
    with pytest.raises(AmbiguousPatient):
        app.launch(StandaloneBsn(smart_fhir.base_url, PATIENT_BSN))


def test_standalone_bsn_without_smart_is_view_only(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    smart_fhir.require_token = False
    context = app.launch(StandaloneBsn(smart_fhir.base_url, PATIENT_BSN))
    assert context.patient_id == PATIENT_ID
    assert context.token_provider is None
    assert context.view_only
    assert app.browser.opened == []


def test_standalone_bsn_source_refuses(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    app.fhir_transport.inner = httpx.MockTransport(lambda request: httpx.Response(401))
    with pytest.raises(SourceError) as caught:
        app.launch(StandaloneBsn(smart_fhir.base_url, PATIENT_BSN))
    assert "aangemeld" in caught.value.user_message


def test_training_needs_no_network(app: App) -> None:
    context = app.launch(Training())
    assert context.training
    assert context.fhir_base is None
    assert app.oauth_transport.requests == []
    assert app.fhir_transport.requests == []


# ----------------------------------------------------------------------------- tokens in use


def test_refresh_after_401_at_the_fhir_server(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    app: App,
    isolated_keyring: MemoryKeyring,
) -> None:
    context = app.launch(ehr(smart_server, smart_fhir))
    first_refresh = next(iter(isolated_keyring.entries.values()))
    smart_server.expire_access_tokens()
    with create_client(context, app.settings) as client:
        assert client.read("Patient", PATIENT_ID)["id"] == PATIENT_ID
    statuses = [r.status for r in smart_fhir.requests if r.path.endswith(f"/{PATIENT_ID}")]
    assert statuses[-2:] == [401, 200]
    assert smart_server.token_requests[-1]["grant_type"] == "refresh_token"
    assert first_refresh not in isolated_keyring.entries.values()  # rotated


def test_authorization_header_only_goes_to_the_fhir_base(
    smart_server: SmartAuthServer, smart_fhir: FhirGateway, app: App
) -> None:
    context = app.launch(ehr(smart_server, smart_fhir))
    smart_server.expire_access_tokens()
    with create_client(context, app.settings) as client:
        client.read("Patient", PATIENT_ID)
        client.search("Encounter", {"patient": PATIENT_ID})

    # The authorisation server never saw an Authorization header.
    assert smart_server.requests_seen
    assert all(seen.authorization is None for seen in smart_server.requests_seen)
    # Discovery, JWKS and the token endpoint got none either.
    assert app.oauth_transport.requests
    assert all("Authorization" not in r.headers for r in app.oauth_transport.requests)
    # Every request with a token went to the FHIR base, never to discovery.
    with_token = [r for r in app.fhir_transport.requests if "Authorization" in r.headers]
    assert with_token
    assert all(str(r.url).startswith(smart_fhir.base_url + "/") for r in with_token)
    assert all(".well-known" not in r.path for r in smart_fhir.authorized_requests())


# ----------------------------------------------------------------------------- logs


def test_no_secret_in_any_log(
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    app: App,
    caplog: pytest.LogCaptureFixture,
    isolated_keyring: MemoryKeyring,
) -> None:
    caplog.set_level(logging.DEBUG)
    request = ehr(smart_server, smart_fhir)
    context = app.launch(request)
    smart_server.expire_access_tokens()
    with create_client(context, app.settings) as client:
        client.read("Patient", PATIENT_ID)
    app.launch(StandaloneBsn(smart_fhir.base_url, PATIENT_BSN))
    with pytest.raises(LaunchError):
        app.launch(StandaloneBsn(smart_fhir.base_url, "999911132"))

    secrets: set[str | None] = {request.launch, PATIENT_BSN, "999911132"}
    secrets |= set(smart_server.tokens)
    secrets |= {t.refresh_token for t in smart_server.tokens.values() if t.refresh_token}
    for token_request in smart_server.token_requests:
        secrets |= {token_request.get("code"), token_request.get("code_verifier")}
    for url in app.browser.opened:
        query = parse_qs(urlsplit(url).query)
        secrets |= {query["state"][0], query["code_challenge"][0], query["nonce"][0]}
    secrets |= set(isolated_keyring.entries.values())
    secrets.discard(None)
    assert len(secrets) > 10

    # The app's records and those of the libraries it uses; the test servers' own
    # (authlib on the server side, werkzeug) are not the app's logs.
    server_side = ("authlib", "werkzeug", "tests.")
    app_records = [r for r in caplog.records if not r.name.startswith(server_side)]
    assert any(r.name.startswith("pzp_desktop.launch") for r in app_records)
    text = "\n".join(r.getMessage() for r in app_records)
    leaked = [s for s in secrets if s and s in text]
    assert leaked == []

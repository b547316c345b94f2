"""SMART App Launch 2.x for a native public client: from ``iss`` to a token provider.

:func:`authorize` runs one login:

1. discovery (``{iss}/.well-known/smart-configuration``, checked; the server must offer the
   launch kind: ``launch-ehr`` or ``launch-standalone``);
2. PKCE S256, a fresh ``state`` and ``nonce``;
3. a one-shot loopback listener on ``http://127.0.0.1:<ephemeral port>/callback``;
4. the **system browser** opens the authorisation URL (``aud`` = the FHIR base; the
   ``launch`` value for an EHR launch). When the user already has a session at the
   authorisation server (EHR launch), no login screen appears;
5. the code arrives at the listener (only with the right ``state``);
6. the token exchange (client_id, code, redirect_uri, code_verifier);
7. the id_token's signature and claims are checked against ``jwks_uri``;
8. the refresh token goes to the OS keyring, the access token into a
   :class:`SmartTokenProvider`.

The call blocks until the login completes, fails, times out or ``cancel`` is set: the GUI
runs it in a worker thread.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from pzp_desktop.domain.messages import Message
from pzp_desktop.fhir.oauth_http import OAuthHttp, OAuthResponse, OAuthTransportError
from pzp_desktop.launch.discovery import SmartConfiguration, discover
from pzp_desktop.launch.errors import (
    BrowserUnavailable,
    DiscoveryInvalid,
    IdTokenInvalid,
    IssuerUnreachable,
    LaunchExpired,
    TokenEndpointError,
)
from pzp_desktop.launch.id_token import IdTokenClaims, verify_id_token
from pzp_desktop.launch.loopback import LoopbackListener
from pzp_desktop.launch.pkce import Pkce, new_nonce, new_state
from pzp_desktop.launch.scopes import LaunchKind, build_scopes, grants_write
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.launch.tokens import SmartTokenProvider

__all__ = ["SmartSession", "authorization_url", "authorize"]

log = logging.getLogger(__name__)

_LOGICAL_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


@dataclass(frozen=True, slots=True)
class SmartSession:
    """The outcome of one SMART login."""

    fhir_base: str
    configuration: SmartConfiguration
    requested_scopes: tuple[str, ...]
    granted_scopes: frozenset[str]
    patient_id: str | None
    encounter_id: str | None
    identity: IdTokenClaims | None
    need_patient_banner: bool
    token_provider: SmartTokenProvider

    @property
    def write_granted(self) -> bool:
        return grants_write(self.granted_scopes)


def authorization_url(endpoint: str, params: dict[str, str]) -> str:
    """``endpoint`` with ``params`` added to its query (keeping a query it already has)."""
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + urlencode(params, quote_via=quote)


def _required_capability(kind: LaunchKind) -> str:
    return "launch-ehr" if kind is LaunchKind.EHR else "launch-standalone"


def _logical_id(value: object, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        prefix = f"{what}/"
        if text.startswith(prefix):
            text = text[len(prefix) :]
        if _LOGICAL_ID.fullmatch(text):
            return text
    raise TokenEndpointError(Message("launch.error.invalid-reference", what=what.lower()))


def _token_body(response: OAuthResponse) -> dict[str, Any]:
    body = response.json
    if not response.ok:
        error = body.get("error") if body else None
        log.warning(
            "Tokenaanvraag geweigerd (HTTP %s, %s)",
            response.status,
            error if isinstance(error, str) and error.isidentifier() else "onbekend",
        )
        if error == "invalid_grant":
            raise LaunchExpired()
        raise TokenEndpointError()
    if body is None:
        raise TokenEndpointError()
    access_token = body.get("access_token")
    token_type = body.get("token_type")
    if not isinstance(access_token, str) or not access_token:
        raise TokenEndpointError()
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise TokenEndpointError()
    return body


def _verify_identity(
    body: dict[str, Any],
    configuration: SmartConfiguration,
    *,
    fhir_base: str,
    http: OAuthHttp,
    settings: LaunchSettings,
    nonce: str,
) -> IdTokenClaims | None:
    id_token = body.get("id_token")
    if id_token is None:
        return None
    if not isinstance(id_token, str) or not configuration.jwks_uri:
        raise IdTokenInvalid()
    try:
        jwks = http.get_json(configuration.jwks_uri)
    except OAuthTransportError:
        raise IssuerUnreachable() from None
    if not jwks.ok or jwks.json is None:
        raise IdTokenInvalid()
    return verify_id_token(
        id_token,
        jwks=jwks.json,
        issuer=configuration.issuer or fhir_base,
        client_id=settings.client_id,
        nonce=nonce,
        now=settings.wall_clock,
    )


def authorize(
    fhir_base: str,
    kind: LaunchKind,
    settings: LaunchSettings,
    *,
    launch: str | None = None,
    view_only_requested: bool | None = None,
    cancel: threading.Event | None = None,
) -> SmartSession:
    """Run one SMART login against the FHIR server ``fhir_base`` (see the module docstring).

    Write scopes are requested unless ``view_only_requested`` (default: the installation's
    ``force_view_only``).
    """
    if kind is LaunchKind.EHR and not launch:
        raise ValueError("an EHR launch needs its launch value")
    http = settings.oauth_http()
    configuration = discover(fhir_base, http)
    capability = _required_capability(kind)
    if not configuration.supports(capability):
        raise DiscoveryInvalid(
            Message("launch.discovery.capability-missing", capability=capability)
        )

    view_only = settings.force_view_only if view_only_requested is None else view_only_requested
    scopes = build_scopes(kind, permission_v2=configuration.permission_v2, view_only=view_only)
    for extra in settings.scopes_extra:
        if extra not in scopes and not (view_only and grants_write([extra])):
            scopes.append(extra)
    pkce = Pkce.new()
    state = new_state()
    nonce = new_nonce()

    with LoopbackListener(
        state,
        timeout=settings.callback_timeout,
        path=settings.redirect_path,
        language=settings.language,
    ) as listener:
        params = {
            "response_type": "code",
            "client_id": settings.client_id,
            "redirect_uri": listener.redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "aud": fhir_base,
            "code_challenge": pkce.challenge,
            "code_challenge_method": pkce.method,
            "nonce": nonce,
        }
        if launch is not None:
            params["launch"] = launch
        url = authorization_url(configuration.authorization_endpoint, params)
        log.info("Aanmelden via de systeembrowser bij %s", fhir_base)
        try:
            opened = settings.open_browser(url)
        except Exception as exc:
            log.warning("Browser openen mislukt (%s)", type(exc).__name__)
            opened = False
        if opened is False:
            raise BrowserUnavailable()
        code = listener.wait(cancel)
        log.info("Autorisatiecode ontvangen")
        redirect_uri = listener.redirect_uri

    try:
        response = http.post_form(
            configuration.token_endpoint,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": settings.client_id,
                "code_verifier": pkce.verifier,
            },
        )
    except OAuthTransportError:
        raise IssuerUnreachable() from None
    body = _token_body(response)
    identity = _verify_identity(
        body, configuration, fhir_base=fhir_base, http=http, settings=settings, nonce=nonce
    )

    scope_text = body.get("scope")
    # No "scope" in the answer: what was granted is unknown, so nothing counts as granted
    # (the safe side: view-only).
    granted = frozenset(scope_text.split()) if isinstance(scope_text, str) else frozenset()
    expires_in = body.get("expires_in")
    provider = SmartTokenProvider(
        http=http,
        token_endpoint=configuration.token_endpoint,
        client_id=settings.client_id,
        issuer=fhir_base,
        user=(identity.fhir_user or identity.subject) if identity else None,
        access_token=body["access_token"],
        expires_in=float(expires_in)
        if isinstance(expires_in, int | float) and expires_in > 0
        else None,
        store=settings.token_store,
        clock=settings.monotonic,
        margin=settings.refresh_margin,
    )
    refresh_token = body.get("refresh_token")
    if isinstance(refresh_token, str) and refresh_token:
        provider.store_refresh_token(refresh_token)
    banner = body.get("need_patient_banner")
    session = SmartSession(
        fhir_base=fhir_base,
        configuration=configuration,
        requested_scopes=tuple(scopes),
        granted_scopes=granted,
        patient_id=_logical_id(body.get("patient"), "Patient"),
        encounter_id=_logical_id(body.get("encounter"), "Encounter"),
        identity=identity,
        need_patient_banner=banner if isinstance(banner, bool) else True,
        token_provider=provider,
    )
    log.info(
        "Aangemeld bij %s: %d scopes toegekend, schrijven %s",
        fhir_base,
        len(granted),
        "toegestaan" if session.write_granted else "niet toegestaan",
    )
    return session

"""A small but real SMART authorisation server for the tests (Authlib + Flask).

Authlib (``authlib.integrations.flask_oauth2``) does the OAuth work: it validates the
client_id, the redirect_uri, PKCE (required, and only S256 is accepted here), passes
``state`` through, issues and rotates tokens and signs the OpenID Connect id_token.
On top of that this server does what a SMART EHR does:

* ``aud`` must be one of the FHIR bases it serves (:meth:`SmartAuthServer.add_audience`);
* an EHR launch's ``launch`` value must be one it issued (:meth:`create_launch`); when the
  launch has expired (:meth:`expire_launch`) the token request fails with ``invalid_grant``;
* the token response carries the launch context (``patient``, ``encounter``,
  ``need_patient_banner``), the id_token carries ``fhirUser``;
* a user without write permission gets the read scopes only.

Login: with :attr:`SmartAuthServer.sso_user` set, every browser counts as logged in as
that user ("the clinician already has a session": no login page). Without it the
authorisation endpoint shows a login form; a successful login sets a session cookie. The
form also has a "Weigeren" (deny) button, which answers ``error=access_denied``.

Everything listens on 127.0.0.1 only and lives in memory; :meth:`reset` clears it.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from authlib.common.security import generate_token
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin
from authlib.oauth2.rfc6749.errors import (
    AccessDeniedError,
    InvalidGrantError,
    InvalidRequestError,
    OAuth2Error,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, RefreshTokenGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, Response, jsonify, request
from joserfc.jwk import ECKey, RSAKey
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

__all__ = ["CLIENT_ID", "Launch", "SmartAuthServer", "User"]

CLIENT_ID = "pzp-desktop"
SESSION_COOKIE = "smart_test_session"
ONLINE_SCOPES = frozenset({"online_access", "offline_access"})


# ----------------------------------------------------------------------------- model


@dataclass
class User:
    username: str
    password: str
    #: Relative reference of the user's FHIR resource, e.g. ``Practitioner/arts-1``.
    fhir_user: str
    name: str
    may_write: bool = True


@dataclass
class Launch:
    patient: str
    encounter: str | None = None
    expired: bool = False


@dataclass
class Grant:
    """Who authorised what: the "user" Authlib passes around."""

    user: User
    audience: str
    patient: str | None = None
    encounter: str | None = None
    launch_id: str | None = None

    def get_user_id(self) -> str:
        return self.user.username


@dataclass
class _Code(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    grant: Grant
    auth_time: int
    expires_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


@dataclass
class IssuedToken(TokenMixin):  # type: ignore[misc]
    access_token: str
    refresh_token: str | None
    scope: str
    client_id: str
    grant: Grant
    issued_at: float
    expires_in: int
    revoked: bool = False
    refresh_revoked: bool = False

    def check_client(self, client: ClientMixin) -> bool:
        return bool(client.get_client_id() == self.client_id)

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> Grant:
        return self.grant

    def get_client(self) -> ClientMixin:
        raise NotImplementedError


class _PublicClient(ClientMixin):  # type: ignore[misc]
    """PZP Desktop: a public native client with a loopback redirect (any port, RFC 8252)."""

    def __init__(self, client_id: str, alg: str) -> None:
        self.client_id = client_id
        self.id_token_signed_response_alg = alg

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        return scope or ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme == "http"
            and parts.hostname == "127.0.0.1"
            and parts.port is not None
            and parts.path == "/callback"
            and not parts.query
            and not parts.fragment
        )

    def check_client_secret(self, client_secret: str) -> bool:
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "none" if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


# ----------------------------------------------------------------------------- grants


def _granted_scope(requested: str, user: User) -> str:
    """The requested scopes minus the write scopes a user without write permission lacks."""
    kept: list[str] = []
    for scope in requested.split():
        if "/" in scope and "." in scope and not user.may_write:
            perm = scope.rsplit(".", 1)[1]
            if perm in ("write", "*") or set(perm) & set("cud"):
                continue
        kept.append(scope)
    return " ".join(kept)


class _CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012 - Authlib's API

    @property
    def owner(self) -> SmartAuthServer:
        return self.server.owner  # type: ignore[no-any-return]

    def save_authorization_code(self, code: str, req: Any) -> None:
        grant: Grant = req.user
        data = req.payload.data
        self.owner.codes[code] = _Code(
            code=code,
            client_id=req.client.get_client_id(),
            redirect_uri=req.payload.redirect_uri,
            scope=_granted_scope(req.scope or "", grant.user),
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            grant=grant,
            auth_time=int(time.time()),
            expires_at=time.time() + self.owner.code_lifetime,
        )
        if data.get("nonce"):
            self.owner.used_nonces.add(data["nonce"])

    def query_authorization_code(self, code: str, client: ClientMixin) -> _Code | None:
        item = self.owner.codes.get(code)
        if item and item.client_id == client.get_client_id() and time.time() < item.expires_at:
            return item
        return None

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        self.owner.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: _Code) -> Grant:
        grant = authorization_code.grant
        if grant.launch_id is not None:
            launch = self.owner.launches.get(grant.launch_id)
            if launch is None or launch.expired:
                raise InvalidGrantError("The launch has expired.")
        return grant


class _RefreshGrant(RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012 - Authlib's API
    INCLUDE_NEW_REFRESH_TOKEN = True

    @property
    def owner(self) -> SmartAuthServer:
        return self.server.owner  # type: ignore[no-any-return]

    def authenticate_refresh_token(self, refresh_token: str) -> IssuedToken | None:
        token = self.owner.by_refresh.get(refresh_token)
        if token is None or token.refresh_revoked or self.owner.refresh_disabled:
            return None
        return token

    def authenticate_user(self, refresh_token: IssuedToken) -> Grant:
        return refresh_token.grant

    def revoke_old_credential(self, refresh_token: IssuedToken) -> None:
        refresh_token.refresh_revoked = True
        refresh_token.revoked = True


class _OpenIdCode(OpenIDCode):  # type: ignore[misc]
    def __init__(self, owner: SmartAuthServer) -> None:
        super().__init__(require_nonce=False)
        self.owner = owner

    def resolve_client_private_key(self, client: ClientMixin) -> Any:
        return self.owner.signing_key

    def get_client_claims(self, client: ClientMixin) -> dict[str, Any]:
        return {"iss": self.owner.issuer, "aud": [client.get_client_id()]}

    def get_encode_header(self, client: ClientMixin) -> dict[str, str]:
        return {"alg": self.owner.signing_alg, "kid": self.owner.signing_key.kid or ""}

    def exists_nonce(self, nonce: str, req: Any) -> bool:
        return nonce in self.owner.used_nonces

    def generate_user_info(self, user: Grant, scope: str) -> dict[str, Any]:
        info: dict[str, Any] = {"sub": user.user.username}
        if "fhirUser" in scope.split():
            info["fhirUser"] = f"{user.audience}/{user.user.fhir_user}"
            info["name"] = user.user.name
        return info


# ----------------------------------------------------------------------------- server


class _QuietHandler(WSGIRequestHandler):
    """No request log: request lines hold codes and state values."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: Any) -> None:
        pass


@dataclass
class RequestSeen:
    method: str
    path: str
    authorization: str | None


class SmartAuthServer:
    """The test authorisation server (see the module docstring)."""

    def __init__(self, *, client_id: str = CLIENT_ID, signing_alg: str = "RS256") -> None:
        self.client_id = client_id
        self.signing_alg = signing_alg
        self._lock = threading.RLock()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self._make_keys()
        self.reset()
        self.app = self._build_app()

    # ------------------------------------------------------------------ settings & state

    def reset(self) -> None:
        """Back to the defaults: one clinician with a session, nothing issued."""
        self.users = {
            "dr-jansen": User("dr-jansen", "geheim", "Practitioner/arts-1", "Dr. A. Jansen"),
            "wijkverpleegkundige": User(
                "wijkverpleegkundige",
                "geheim",
                "Practitioner/vpk-1",
                "B. de Vries",
                may_write=False,
            ),
        }
        #: Every browser counts as logged in as this user (``None``: login page).
        self.sso_user: str | None = "dr-jansen"
        #: The user refuses (or the EHR forbids) access: ``error=access_denied``.
        self.deny_consent = False
        self.standalone_patient: str | None = None
        self.access_token_lifetime = 3600
        self.code_lifetime = 60.0
        self.need_patient_banner = False
        self.refresh_disabled = False
        #: Answer every token request with this status and ``error=server_error``.
        self.token_failure_status: int | None = None
        #: Publish this key set at jwks_uri instead of the signing key (a wrong key).
        self.jwks_override: dict[str, Any] | None = None
        self.capabilities: list[str] = [
            "launch-ehr",
            "launch-standalone",
            "client-public",
            "context-ehr-patient",
            "context-ehr-encounter",
            "context-standalone-patient",
            "sso-openid-connect",
            "permission-patient",
            "permission-user",
            "permission-v2",
            "permission-offline",
            "permission-online",
        ]
        #: Merged into the discovery document (``None`` values remove a field).
        self.configuration_overrides: dict[str, Any] = {}
        #: Status for the discovery document (e.g. 404: no SMART, 500: broken).
        self.configuration_status = 200
        self.audiences: set[str] = set()
        self.launches: dict[str, Launch] = {}
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self.by_refresh: dict[str, IssuedToken] = {}
        self.used_nonces: set[str] = set()
        self.sessions: dict[str, str] = {}
        self.requests_seen: list[RequestSeen] = []
        self.token_requests: list[dict[str, str]] = []
        if hasattr(self, "_client") and self.signing_alg != "RS256":
            self.use_algorithm("RS256")

    def _make_keys(self) -> None:
        kid = secrets.token_hex(8)
        if self.signing_alg == "ES256":
            self.signing_key: Any = ECKey.generate_key(
                "P-256", parameters={"kid": kid, "alg": "ES256", "use": "sig"}
            )
        else:
            self.signing_key = RSAKey.generate_key(
                2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"}
            )

    def use_algorithm(self, alg: str) -> None:
        """Sign id_tokens with ``alg`` (RS256 or ES256) and a fresh key from now on."""
        self.signing_alg = alg
        self._make_keys()
        self._client.id_token_signed_response_alg = alg

    @property
    def issuer(self) -> str:
        return self.base_url

    def add_audience(self, fhir_base: str) -> None:
        self.audiences.add(fhir_base.rstrip("/"))

    def create_launch(self, patient: str, encounter: str | None = None) -> str:
        launch_id = secrets.token_urlsafe(16)
        self.launches[launch_id] = Launch(patient, encounter)
        return launch_id

    def expire_launch(self, launch_id: str) -> None:
        self.launches[launch_id].expired = True

    def expire_access_tokens(self) -> None:
        """Every access token issued so far stops working (the next request gets a 401)."""
        for token in self.tokens.values():
            token.revoked = True

    def introspect(self, access_token: str, audience: str) -> IssuedToken | None:
        """The token record when ``access_token`` is valid for the FHIR base ``audience``."""
        token = self.tokens.get(access_token)
        if token is None or token.revoked or token.is_expired():
            return None
        if token.grant.audience != audience.rstrip("/"):
            return None
        return token

    def smart_configuration(self) -> tuple[int, dict[str, Any]]:
        """Status and body of ``.well-known/smart-configuration`` (served by the gateway)."""
        document: dict[str, Any] = {
            "issuer": self.issuer,
            "jwks_uri": f"{self.base_url}/jwks",
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["openid", "fhirUser", "launch", "launch/patient"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "capabilities": list(self.capabilities),
        }
        for name, value in self.configuration_overrides.items():
            if value is None:
                document.pop(name, None)
            else:
                document[name] = value
        return self.configuration_status, document

    # ------------------------------------------------------------------ Flask / Authlib

    def _build_app(self) -> Flask:
        app = Flask("pzp_smart_test_server")
        self._client = _PublicClient(self.client_id, self.signing_alg)
        server = AuthorizationServer(
            app, query_client=self._query_client, save_token=self._save_token
        )
        server.owner = self
        bearer = BearerTokenGenerator(
            lambda **_: generate_token(42),
            lambda **_: generate_token(48),
            lambda client, grant_type: self.access_token_lifetime,
        )

        def generate(
            grant_type: str,
            client: ClientMixin,
            user: Grant | None = None,
            scope: str | None = None,
            expires_in: int | None = None,
            include_refresh_token: bool = True,
        ) -> dict[str, Any]:
            online = bool(ONLINE_SCOPES & set((scope or "").split()))
            token: dict[str, Any] = bearer.generate(
                grant_type,
                client,
                user=user,
                scope=scope,
                expires_in=expires_in,
                include_refresh_token=include_refresh_token and online,
            )
            if user is not None:
                if user.patient:
                    token["patient"] = user.patient
                if user.encounter:
                    token["encounter"] = user.encounter
            token["need_patient_banner"] = self.need_patient_banner
            return token

        server.register_token_generator("default", generate)
        server.register_grant(_CodeGrant, [CodeChallenge(required=True), _OpenIdCode(self)])
        server.register_grant(_RefreshGrant)
        self._authlib = server

        @app.before_request
        def _record() -> None:
            self.requests_seen.append(
                RequestSeen(request.method, request.path, request.headers.get("Authorization"))
            )

        app.add_url_rule("/authorize", "authorize", self._authorize, methods=["GET", "POST"])
        app.add_url_rule("/token", "token", self._token, methods=["POST"])
        app.add_url_rule("/jwks", "jwks", self._jwks, methods=["GET"])
        app.add_url_rule(
            "/.well-known/smart-configuration", "smart", self._discovery, methods=["GET"]
        )
        return app

    def _query_client(self, client_id: str) -> _PublicClient | None:
        return self._client if client_id == self.client_id else None

    def _save_token(self, token: dict[str, Any], req: Any) -> None:
        grant: Grant = req.user
        issued = IssuedToken(
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token"),
            scope=token.get("scope", ""),
            client_id=req.client.get_client_id(),
            grant=grant,
            issued_at=time.time(),
            expires_in=int(token.get("expires_in") or self.access_token_lifetime),
        )
        with self._lock:
            self.tokens[issued.access_token] = issued
            if issued.refresh_token:
                self.by_refresh[issued.refresh_token] = issued

    def _jwks(self) -> Response:
        if self.jwks_override is not None:
            return jsonify(self.jwks_override)
        return jsonify({"keys": [self.signing_key.as_dict(private=False)]})

    def _discovery(self) -> Response:
        status, body = self.smart_configuration()
        response = jsonify(body)
        response.status_code = status
        return response

    def _token(self) -> Response:
        self.token_requests.append(dict(request.form.items()))
        if self.token_failure_status is not None:
            response = jsonify({"error": "server_error"})
            response.status_code = self.token_failure_status
            return response
        return self._authlib.create_token_response()  # type: ignore[no-any-return]

    def _error(self, grant: Any, error: OAuth2Error) -> Response:
        error.redirect_uri = grant.redirect_uri
        error.state = grant.request.payload.state
        return self._authlib.handle_error_response(grant.request, error)  # type: ignore[no-any-return]

    def _authorize(self) -> Response:
        try:
            grant = self._authlib.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return self._authlib.handle_error_response(None, error)  # type: ignore[no-any-return]
        data = grant.request.payload.data
        scopes = set((data.get("scope") or "").split())
        # SMART: state and S256 are required; aud must be a FHIR base served here.
        if not data.get("state"):
            return self._error(grant, InvalidRequestError("Missing 'state'."))
        if data.get("code_challenge_method") != "S256" or not data.get("code_challenge"):
            return self._error(grant, InvalidRequestError("PKCE with S256 is required."))
        audience = (data.get("aud") or "").rstrip("/")
        if audience not in self.audiences:
            return self._error(grant, InvalidRequestError("Unknown 'aud'."))
        launch_id = data.get("launch")
        launch: Launch | None = None
        if "launch" in scopes or launch_id is not None:
            launch = self.launches.get(launch_id or "")
            if launch is None:
                return self._error(grant, InvalidRequestError("Unknown 'launch'."))

        user, new_session = self._logged_in_user()
        if request.method == "POST":
            if request.form.get("action") == "deny":
                return self._error(grant, AccessDeniedError())
            candidate = self.users.get(request.form.get("username", ""))
            if candidate is None or not secrets.compare_digest(
                candidate.password, request.form.get("password", "")
            ):
                return self._login_page(failed=True)
            user, new_session = candidate, secrets.token_urlsafe(24)
            self.sessions[new_session] = candidate.username
        if user is None:
            return self._login_page(failed=False)
        if self.deny_consent:
            return self._error(grant, AccessDeniedError())

        patient = launch.patient if launch else None
        encounter = launch.encounter if launch else None
        if launch is None and "launch/patient" in scopes:
            patient = self.standalone_patient
            if patient is None:
                return self._error(grant, InvalidRequestError("No patient selected."))
        context = Grant(user, audience, patient, encounter, launch_id if launch else None)
        response: Response = self._authlib.create_authorization_response(
            grant_user=context, grant=grant
        )
        if new_session:
            response.set_cookie(SESSION_COOKIE, new_session, httponly=True, samesite="Lax")
        return response

    def _logged_in_user(self) -> tuple[User | None, str | None]:
        if self.sso_user is not None:
            return self.users[self.sso_user], None
        session = request.cookies.get(SESSION_COOKIE)
        username = self.sessions.get(session or "")
        return (self.users[username] if username else None), None

    def _login_page(self, *, failed: bool) -> Response:
        action = html.escape(request.full_path, quote=True)
        notice = "<p class='error'>Onjuiste gebruikersnaam of wachtwoord.</p>" if failed else ""
        body = (
            "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            "<title>Inloggen — test-EPD</title></head><body><h1>Inloggen</h1>"
            f"{notice}<form method='post' action='{action}'>"
            "<label>Gebruikersnaam <input name='username'></label>"
            "<label>Wachtwoord <input name='password' type='password'></label>"
            "<button name='action' value='login'>Inloggen</button>"
            "<button name='action' value='deny'>Weigeren</button>"
            "</form></body></html>"
        )
        return Response(body, status=401 if failed else 200, mimetype="text/html")

    # ------------------------------------------------------------------ lifecycle

    def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(
            host, port, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.base_url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="smart-test-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def tokens_for(self, username: str) -> Iterable[IssuedToken]:
        return [t for t in self.tokens.values() if t.grant.user.username == username]

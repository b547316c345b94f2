"""SMART discovery: ``{iss}/.well-known/smart-configuration`` (SMART App Launch 2.x §2.4).

The document is checked before anything is sent to the endpoints it names. PZP Desktop
refuses to log in when:

* ``authorization_endpoint``, ``token_endpoint``, ``capabilities`` or
  ``code_challenge_methods_supported`` is missing or of the wrong type;
* ``code_challenge_methods_supported`` does not offer ``S256``;
* an endpoint is not an absolute https URL (http only on this computer);
* ``grant_types_supported`` is given and lacks ``authorization_code``.

``issuer`` and ``jwks_uri`` are optional here; they are needed (and checked) only when an
id_token arrives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pzp_desktop.domain.messages import Message
from pzp_desktop.fhir.oauth_http import OAuthHttp, OAuthTransportError
from pzp_desktop.launch.arguments import is_loopback_host
from pzp_desktop.launch.errors import DiscoveryInvalid, IssuerUnreachable, SmartNotOffered

__all__ = ["SmartConfiguration", "discover", "parse_smart_configuration", "well_known_url"]

log = logging.getLogger(__name__)

WELL_KNOWN = ".well-known/smart-configuration"


@dataclass(frozen=True, slots=True)
class SmartConfiguration:
    """The parts of a SMART configuration that PZP Desktop uses."""

    authorization_endpoint: str
    token_endpoint: str
    capabilities: frozenset[str]
    code_challenge_methods: frozenset[str]
    issuer: str | None = None
    jwks_uri: str | None = None
    scopes_supported: frozenset[str] | None = None
    grant_types_supported: frozenset[str] | None = None

    @property
    def permission_v2(self) -> bool:
        """True when the server speaks SMART v2 scopes (``patient/Consent.rs``)."""
        return "permission-v2" in self.capabilities

    def supports(self, capability: str) -> bool:
        return capability in self.capabilities


def well_known_url(iss: str) -> str:
    return f"{iss.rstrip('/')}/{WELL_KNOWN}"


def _endpoint(data: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise DiscoveryInvalid(Message("launch.discovery.missing", name=name))
        return None
    if not isinstance(value, str) or not value:
        raise DiscoveryInvalid(Message("launch.discovery.not-an-address", name=name))
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise DiscoveryInvalid(Message("launch.discovery.invalid-address", name=name)) from None
    if parts.scheme not in ("https", "http") or not host:
        raise DiscoveryInvalid(Message("launch.discovery.not-absolute", name=name))
    if parts.scheme == "http" and not is_loopback_host(host):
        raise DiscoveryInvalid(Message("launch.discovery.not-https", name=name))
    if parts.fragment:
        raise DiscoveryInvalid(Message("launch.discovery.fragment", name=name))
    return value


def _strings(data: dict[str, Any], name: str, *, required: bool) -> frozenset[str] | None:
    value = data.get(name)
    if value is None:
        if required:
            raise DiscoveryInvalid(Message("launch.discovery.missing", name=name))
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DiscoveryInvalid(Message("launch.discovery.not-string-list", name=name))
    return frozenset(value)


def parse_smart_configuration(data: object) -> SmartConfiguration:
    """Check a SMART configuration document (see the module docstring)."""
    if not isinstance(data, dict):
        raise DiscoveryInvalid(Message("launch.discovery.not-json-object"))
    authorization_endpoint = _endpoint(data, "authorization_endpoint", required=True)
    token_endpoint = _endpoint(data, "token_endpoint", required=True)
    capabilities = _strings(data, "capabilities", required=True)
    methods = _strings(data, "code_challenge_methods_supported", required=True)
    assert authorization_endpoint
    assert token_endpoint
    assert capabilities is not None
    assert methods is not None
    if "S256" not in methods:
        raise DiscoveryInvalid(Message("launch.discovery.no-pkce-s256"))
    grant_types = _strings(data, "grant_types_supported", required=False)
    if grant_types is not None and "authorization_code" not in grant_types:
        raise DiscoveryInvalid(Message("launch.discovery.no-authorization-code"))
    issuer = data.get("issuer")
    if issuer is not None and (not isinstance(issuer, str) or not issuer):
        raise DiscoveryInvalid(Message("launch.discovery.issuer-not-text"))
    return SmartConfiguration(
        authorization_endpoint=authorization_endpoint,
        token_endpoint=token_endpoint,
        capabilities=capabilities,
        code_challenge_methods=methods,
        issuer=issuer,
        jwks_uri=_endpoint(data, "jwks_uri", required=False),
        scopes_supported=_strings(data, "scopes_supported", required=False),
        grant_types_supported=grant_types,
    )


def discover(iss: str, http: OAuthHttp) -> SmartConfiguration:
    """Fetch and check the SMART configuration of the FHIR server ``iss``."""
    try:
        response = http.get_json(well_known_url(iss))
    except OAuthTransportError:
        log.warning("SMART-configuratie niet bereikbaar voor %s", iss)
        raise IssuerUnreachable() from None
    if response.status in (404, 410):
        raise SmartNotOffered()
    if not response.ok:
        raise DiscoveryInvalid(f"HTTP {response.status}")
    if response.json is None:
        raise DiscoveryInvalid(Message("launch.discovery.not-json"))
    configuration = parse_smart_configuration(response.json)
    log.info(
        "SMART-configuratie van %s gelezen (%s)",
        iss,
        "scopes v2" if configuration.permission_v2 else "scopes v1",
    )
    return configuration

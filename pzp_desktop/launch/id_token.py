"""Checking the OpenID Connect id_token of a SMART launch (with ``joserfc``).

The id_token tells who logged in (``fhirUser``, ``sub``, ``name``). It is trusted only
after these checks:

* the signature verifies against a key from the server's ``jwks_uri`` (RS256 or ES256; no
  ``none``, no HMAC: a public client has no shared secret);
* ``iss`` is the ``issuer`` of the SMART configuration (or the FHIR base when the
  configuration names no issuer);
* ``aud`` contains our client_id (and, with several audiences, ``azp`` is our client_id);
* ``exp`` lies in the future and ``iat`` is present (two minutes' leeway for clock skew);
* ``nonce`` is the one sent in the authorisation request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from pzp_desktop.launch.errors import IdTokenInvalid

__all__ = ["ALLOWED_ALGORITHMS", "IdTokenClaims", "verify_id_token"]

ALLOWED_ALGORITHMS = ("RS256", "ES256")
LEEWAY_SECONDS = 120


@dataclass(frozen=True, slots=True)
class IdTokenClaims:
    """What PZP Desktop uses from a verified id_token."""

    subject: str
    fhir_user: str | None = None
    name: str | None = None


def verify_id_token(
    id_token: str,
    *,
    jwks: object,
    issuer: str,
    client_id: str,
    nonce: str | None,
    now: Callable[[], float] = time.time,
) -> IdTokenClaims:
    """The verified claims of ``id_token``; :class:`IdTokenInvalid` on any failure."""
    try:
        key_set = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError):
        raise IdTokenInvalid() from None
    try:
        token = jwt.decode(id_token, key_set, algorithms=list(ALLOWED_ALGORITHMS))
    except (JoseError, ValueError, TypeError, KeyError):
        raise IdTokenInvalid() from None
    if token.header.get("alg") not in ALLOWED_ALGORITHMS:
        raise IdTokenInvalid()
    claims: dict[str, Any] = token.claims
    registry = jwt.JWTClaimsRegistry(
        now=lambda: int(now()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except (JoseError, ValueError, TypeError):
        raise IdTokenInvalid() from None
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise IdTokenInvalid()
    if nonce is not None and claims.get("nonce") != nonce:
        raise IdTokenInvalid()
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise IdTokenInvalid()
    fhir_user = claims.get("fhirUser")
    name = claims.get("name")
    return IdTokenClaims(
        subject=subject,
        fhir_user=fhir_user if isinstance(fhir_user, str) and fhir_user else None,
        name=name if isinstance(name, str) and name.strip() else None,
    )

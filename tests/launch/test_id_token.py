"""The id_token is trusted only with a valid signature from jwks_uri and the right claims."""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from pzp_desktop.launch.errors import IdTokenInvalid
from pzp_desktop.launch.id_token import verify_id_token

ISSUER = "https://login.example.org"
CLIENT = "pzp-desktop"
NONCE = "the-nonce"
RSA = RSAKey.generate_key(2048, parameters={"kid": "rsa-1", "alg": "RS256"})
EC = ECKey.generate_key("P-256", parameters={"kid": "ec-1", "alg": "ES256"})
JWKS = {"keys": [RSA.as_dict(private=False), EC.as_dict(private=False)]}


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    data: dict[str, Any] = {
        "iss": ISSUER,
        "sub": "dr-jansen",
        "aud": CLIENT,
        "exp": now + 300,
        "iat": now,
        "nonce": NONCE,
        "fhirUser": "https://epd.example.org/fhir/Practitioner/arts-1",
        "name": "Dr. A. Jansen",
    }
    for name, value in changes.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    return data


def sign(data: dict[str, Any], key: Any = RSA, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, data, key)


def verify(token: str, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"jwks": JWKS, "issuer": ISSUER, "client_id": CLIENT, "nonce": NONCE}
    options.update(kwargs)
    return verify_id_token(token, **options)


def test_rs256() -> None:
    identity = verify(sign(claims()))
    assert identity.subject == "dr-jansen"
    assert identity.fhir_user == "https://epd.example.org/fhir/Practitioner/arts-1"
    assert identity.name == "Dr. A. Jansen"


def test_es256() -> None:
    assert verify(sign(claims(), EC, "ES256")).subject == "dr-jansen"


def test_audience_list_with_azp() -> None:
    assert verify(sign(claims(aud=[CLIENT, "other"], azp=CLIENT))).subject == "dr-jansen"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example.org"},
        {"aud": "another-client"},
        {"aud": [CLIENT, "other"]},  # several audiences without azp
        {"exp": int(time.time()) - 600},
        {"exp": None},
        {"iat": None},
        {"sub": None},
        {"nonce": "replayed"},
        {"nonce": None},
    ],
)
def test_bad_claims(changes: dict[str, Any]) -> None:
    with pytest.raises(IdTokenInvalid):
        verify(sign(claims(**changes)))


def test_unknown_key() -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})
    with pytest.raises(IdTokenInvalid):
        verify(sign(claims(), other))


def test_tampered_payload() -> None:
    header, _payload, signature = sign(claims()).split(".")
    forged = sign(claims(sub="someone-else")).split(".")[1]
    with pytest.raises(IdTokenInvalid):
        verify(f"{header}.{forged}x.{signature}")


def test_hmac_and_none_are_refused() -> None:
    secret = OctKey.generate_key(256, parameters={"kid": "rsa-1"})
    with pytest.raises(IdTokenInvalid):
        verify(jwt.encode({"alg": "HS256", "kid": "rsa-1"}, claims(), secret))
    with pytest.raises(IdTokenInvalid):
        verify(sign(claims()).rsplit(".", 1)[0] + ".")


@pytest.mark.parametrize("jwks", [{}, {"keys": "x"}, [], {"keys": [{"kty": "nope"}]}])
def test_broken_key_sets(jwks: Any) -> None:
    with pytest.raises(IdTokenInvalid):
        verify(sign(claims()), jwks=jwks)


def test_not_a_jwt() -> None:
    with pytest.raises(IdTokenInvalid):
        verify("not-a-token")


def test_without_optional_claims() -> None:
    identity = verify(sign(claims(fhirUser=None, name=None)))
    assert identity.fhir_user is None
    assert identity.name is None

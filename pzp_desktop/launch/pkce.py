"""PKCE (RFC 7636, S256 only), ``state`` and ``nonce`` values.

All random values come from :mod:`secrets` (the OS's CSPRNG):

* the code verifier has 384 bits of entropy (64 characters, within RFC 7636's 43-128);
* ``state`` and ``nonce`` have 256 bits each (the brief asks for at least 128).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field

__all__ = ["Pkce", "code_challenge_s256", "new_code_verifier", "new_nonce", "new_state"]

# RFC 7636 §4.1: code-verifier = 43*128unreserved
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def new_code_verifier() -> str:
    """A fresh code verifier: 48 random bytes, base64url without padding (64 characters)."""
    return secrets.token_urlsafe(48)


def code_challenge_s256(verifier: str) -> str:
    """``BASE64URL(SHA256(ASCII(code_verifier)))`` without padding (RFC 7636 §4.2)."""
    if not _VERIFIER.fullmatch(verifier):
        raise ValueError("a code verifier is 43-128 characters of [A-Za-z0-9-._~]")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_state() -> str:
    """A fresh ``state`` value (256 random bits)."""
    return secrets.token_urlsafe(32)


def new_nonce() -> str:
    """A fresh OpenID Connect ``nonce`` (256 random bits)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Pkce:
    """A verifier and its S256 challenge. The verifier never leaves the process except in
    the token request (``repr`` hides it)."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"

    @classmethod
    def new(cls) -> Pkce:
        verifier = new_code_verifier()
        return cls(verifier=verifier, challenge=code_challenge_s256(verifier))

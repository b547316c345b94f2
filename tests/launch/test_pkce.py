"""PKCE (RFC 7636), state and nonce."""

from __future__ import annotations

import base64
import re

import pytest

from pzp_desktop.launch.pkce import Pkce, code_challenge_s256, new_nonce, new_state


def test_rfc7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge_s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_new_pair_is_valid_and_fresh() -> None:
    first, second = Pkce.new(), Pkce.new()
    assert first.method == "S256"
    assert re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", first.verifier)
    assert first.challenge == code_challenge_s256(first.verifier)
    assert first.verifier != second.verifier
    assert first.verifier not in repr(first)


@pytest.mark.parametrize("verifier", ["short", "x" * 129, "a" * 42 + "!", "é" * 50])
def test_bad_verifiers_are_refused(verifier: str) -> None:
    with pytest.raises(ValueError, match="code verifier"):
        code_challenge_s256(verifier)


@pytest.mark.parametrize("make", [new_state, new_nonce])
def test_state_and_nonce_have_at_least_128_random_bits(make: object) -> None:
    assert callable(make)
    values = {make() for _ in range(50)}
    assert len(values) == 50
    for value in values:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        assert len(raw) * 8 >= 128

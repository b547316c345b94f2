"""The BSN 11-test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pzp_desktop.sources.bsn import is_valid_bsn


@pytest.mark.parametrize("bsn", ["999911120", "999911132", "111222333", "123456782"])
def test_valid(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "text",
    [
        "123456789",  # fails the 11-test
        "000000000",  # sum 0
        "12345678",  # too short
        "1234567820",  # too long
        "12345678a",
        " 23456782",
        "１２３４５６７８２",  # full-width digits are digits, but not ASCII
        "",
    ],
)
def test_invalid(text: str) -> None:
    assert not is_valid_bsn(text)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_exactly_one_check_digit_or_none_completes_eight_digits(prefix: str) -> None:
    completions = [d for d in "0123456789" if is_valid_bsn(prefix + d)]
    assert len(completions) <= 1

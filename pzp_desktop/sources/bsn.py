"""The BSN (burgerservicenummer) 11-test."""

from __future__ import annotations

__all__ = ["is_valid_bsn"]

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(text: str) -> bool:
    """True when ``text`` is nine digits that pass the 11-test.

    The weighted sum ``9·d1 + 8·d2 + … + 2·d8 − 1·d9`` must be a multiple of 11 (and not 0,
    which rules out ``000000000``). Nothing is stripped or padded: what the user typed is
    what is checked.
    """
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text, _WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0

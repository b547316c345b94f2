"""Every launch test runs with an in-memory keyring: never the developer's real one."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from tests.smart_server.keyring_backend import MemoryKeyring


@pytest.fixture(autouse=True)
def isolated_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)

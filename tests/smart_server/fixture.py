"""Pytest fixtures for the SMART test authorisation server (register this module in
``tests/conftest.py``: ``pytest_plugins = [..., "tests.smart_server.fixture"]``).

* ``smart_auth_server`` (session): the Authlib/Flask server on 127.0.0.1, a free port.
* ``smart_server`` (function): the same server, reset to its defaults for this test.
* ``memory_keyring`` (function): an in-memory keyring backend, installed as the global
  keyring for the test, so no test ever touches the developer's real keyring (the tests
  under ``tests/launch`` get one automatically from their conftest).
* ``memory_fhir`` / ``smart_fhir`` (function): an in-memory FHIR server with one patient
  and a practitioner, behind a :class:`~tests.smart_server.gateway.FhirGateway` whose
  ``base_url`` is the ``iss``.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from tests.smart_server.gateway import FhirGateway
from tests.smart_server.keyring_backend import MemoryKeyring
from tests.smart_server.server import SmartAuthServer

UPSTREAM_BASE = "http://upstream.invalid/fhir"
PATIENT_ID = "pat-1"
ENCOUNTER_ID = "enc-1"
PATIENT_BSN = "999911120"


def sample_resources() -> list[dict[str, object]]:
    return [
        {
            "resourceType": "Patient",
            "id": PATIENT_ID,
            "identifier": [
                {"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": PATIENT_BSN}
            ],
            "name": [{"family": "Test", "given": ["Fictief"]}],
        },
        {
            "resourceType": "Practitioner",
            "id": "arts-1",
            "name": [{"family": "Jansen", "given": ["A."]}],
        },
        {
            "resourceType": "Encounter",
            "id": ENCOUNTER_ID,
            "status": "in-progress",
            "class": {"code": "IMP"},
            "subject": {"reference": f"Patient/{PATIENT_ID}"},
        },
    ]


@pytest.fixture(scope="session")
def smart_auth_server() -> Iterator[SmartAuthServer]:
    server = SmartAuthServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smart_server(smart_auth_server: SmartAuthServer) -> SmartAuthServer:
    smart_auth_server.reset()
    return smart_auth_server


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_fhir() -> InMemoryFhirServer:
    return InMemoryFhirServer(UPSTREAM_BASE, sample_resources())


@pytest.fixture
def smart_fhir(
    smart_server: SmartAuthServer, memory_fhir: InMemoryFhirServer
) -> Iterator[FhirGateway]:
    gateway = FhirGateway(
        smart_server, upstream_base=UPSTREAM_BASE, upstream_transport=memory_fhir
    ).start()
    try:
        yield gateway
    finally:
        gateway.stop()

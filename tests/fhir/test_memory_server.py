"""The training store's in-memory FHIR server, driven through the real FHIR client."""

from __future__ import annotations

import pytest

from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import Conflict, InvalidRequest
from pzp_desktop.fhir.fetch import fetch_patient_resources
from pzp_desktop.fhir.memory_server import InMemoryFhirServer

BASE = "https://oefen.pzp.invalid/fhir"

PATIENT = {
    "resourceType": "Patient",
    "id": "p1",
    "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999911120"}],
    "name": [{"text": "Test Patiënt"}],
}


def goal(identifier: str) -> dict[str, object]:
    return {
        "resourceType": "Goal",
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": identifier}],
        "lifecycleStatus": "active",
        "description": {"coding": [{"system": "http://snomed.info/sct", "code": "385987000"}]},
        "subject": {"reference": "Patient/p1"},
    }


def transaction(*entries: dict[str, object]) -> dict[str, object]:
    return {"resourceType": "Bundle", "type": "transaction", "entry": list(entries)}


def conditional(full_url: str, resource: dict[str, object], identifier: str) -> dict[str, object]:
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {
            "method": "POST",
            "url": resource["resourceType"],
            "ifNoneExist": f"identifier=urn:ietf:rfc:3986|{identifier}",
        },
    }


@pytest.fixture
def server() -> InMemoryFhirServer:
    return InMemoryFhirServer(BASE, [PATIENT])


@pytest.fixture
def client(server: InMemoryFhirServer) -> FhirClient:
    return FhirClient(BASE, transport=server)


def test_reads_and_searches_by_patient(server: InMemoryFhirServer, client: FhirClient) -> None:
    server.load_transaction(
        transaction(conditional("urn:uuid:g1", goal("urn:uuid:g1"), "urn:uuid:g1"))
    )
    assert client.read("Patient", "p1")["name"][0]["text"] == "Test Patiënt"
    goals = client.search("Goal", [("patient", "p1")]).resources()
    assert [g["description"]["coding"][0]["code"] for g in goals] == ["385987000"]
    assert client.search("Goal", [("patient", "other")]).resources() == []


def test_conditional_create_is_retry_safe(server: InMemoryFhirServer, client: FhirClient) -> None:
    bundle = transaction(conditional("urn:uuid:g1", goal("urn:uuid:g1"), "urn:uuid:g1"))
    first = client.transaction(bundle)
    second = client.transaction(bundle)
    assert first["entry"][0]["response"]["status"].startswith("201")
    assert second["entry"][0]["response"]["status"].startswith("200")
    assert len(server.all_current("Goal")) == 1


def test_references_to_full_urls_are_rewritten(server: InMemoryFhirServer) -> None:
    encounter = {
        "resourceType": "Encounter",
        "status": "finished",
        "subject": {"reference": "Patient/p1"},
    }
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": "Patient/p1"},
        "encounter": {"reference": "urn:uuid:e1"},
    }
    server.load_transaction(
        transaction(
            conditional(
                "urn:uuid:e1",
                {**encounter, "identifier": [{"system": "urn:ietf:rfc:3986", "value": "e1"}]},
                "e1",
            ),
            conditional(
                "urn:uuid:o1",
                {**observation, "identifier": [{"system": "urn:ietf:rfc:3986", "value": "o1"}]},
                "o1",
            ),
        )
    )
    [stored_encounter] = server.all_current("Encounter")
    [stored_observation] = server.all_current("Observation")
    assert stored_observation["encounter"]["reference"] == f"Encounter/{stored_encounter['id']}"


def test_stale_if_match_is_a_conflict_and_changes_nothing(
    server: InMemoryFhirServer, client: FhirClient
) -> None:
    updated = {**PATIENT, "gender": "female"}
    entry = {
        "resource": updated,
        "request": {"method": "PUT", "url": "Patient/p1", "ifMatch": 'W/"1"'},
    }
    client.transaction(transaction(entry))
    with pytest.raises(Conflict):
        client.transaction(transaction({**entry, "resource": {**PATIENT, "gender": "male"}}))
    assert client.read("Patient", "p1")["gender"] == "female"
    history = client.history("Patient", "p1").resources()
    assert sorted(v["meta"]["versionId"] for v in history) == ["1", "2"]


def test_failed_transaction_is_all_or_nothing(
    server: InMemoryFhirServer, client: FhirClient
) -> None:
    good = conditional("urn:uuid:g1", goal("urn:uuid:g1"), "urn:uuid:g1")
    stale = {
        "resource": PATIENT,
        "request": {"method": "PUT", "url": "Patient/p1", "ifMatch": 'W/"9"'},
    }
    with pytest.raises(Conflict):
        client.transaction(transaction(good, stale))
    assert server.all_current("Goal") == []


def test_the_client_fetches_a_patient_with_its_fallback_plan(
    server: InMemoryFhirServer, client: FhirClient
) -> None:
    server.load_transaction(
        transaction(conditional("urn:uuid:g1", goal("urn:uuid:g1"), "urn:uuid:g1"))
    )
    result = fetch_patient_resources(client, "p1")
    types = sorted({r["resourceType"] for r in result.resources})
    assert "Goal" in types
    assert "Patient" in types
    assert not [p for p in result.problems if "Goal" in str(p)]


def test_provenance_is_found_again_through_its_target(
    server: InMemoryFhirServer, client: FhirClient
) -> None:
    provenance = {
        "resourceType": "Provenance",
        "target": [{"reference": "urn:uuid:g1"}],
        "recorded": "2026-11-22T10:00:00Z",
        "agent": [{"who": {"display": "PZP Desktop"}}],
    }
    bundle = transaction(
        conditional("urn:uuid:g1", goal("urn:uuid:g1"), "urn:uuid:g1"),
        {
            "fullUrl": "urn:uuid:prov",
            "resource": provenance,
            "request": {"method": "POST", "url": "Provenance", "ifNoneExist": "target=urn:uuid:g1"},
        },
    )
    client.transaction(bundle)
    client.transaction(bundle)
    assert len(server.all_current("Provenance")) == 1


def test_an_unsupported_condition_is_refused_not_ignored(client: FhirClient) -> None:
    entry = conditional("urn:uuid:g2", goal("urn:uuid:g2"), "urn:uuid:g2")
    entry["request"]["ifNoneExist"] = "description=http://snomed.info/sct|385987000"  # type: ignore[index]
    with pytest.raises(InvalidRequest):
        client.transaction(transaction(entry))

"""The HAPI FHIR test server itself: the server prerequisites the PZP queries rely on (spec §5).

Custom search parameters present and indexed, ``:in`` on the preloaded value sets,
conditional create in transactions, paging and optimistic locking (If-Match).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.fhir_server_fixture import FhirTestServer, fhir_request, post_transaction

pytestmark = pytest.mark.integration

Json = dict[str, Any]
SCT = "http://snomed.info/sct"
VS = "https://fhir.iknl.nl/fhir/ValueSet"


def _ok(response: Any, status: int = 200) -> Json:
    assert response.status == status, (response.status, response.body)
    body: Json = response.body
    return body


def _search(server: FhirTestServer, query: str) -> Json:
    bundle = _ok(fhir_request("GET", server.url(query)))
    assert bundle["resourceType"] == "Bundle"
    return bundle


def _match_ids(bundle: Json) -> set[str]:
    return {
        entry["resource"]["id"]
        for entry in bundle.get("entry", [])
        if entry.get("search", {}).get("mode", "match") == "match"
    }


def _patient(server: FhirTestServer, unique_id: Callable[[str], str]) -> str:
    patient_id = unique_id("pat")
    body = {"resourceType": "Patient", "id": patient_id, "name": [{"family": "Smoke"}]}
    _ok(fhir_request("PUT", server.url(f"Patient/{patient_id}"), body), 201)
    return patient_id


def _create(server: FhirTestServer, resource: Json) -> str:
    created = _ok(fhir_request("POST", server.url(resource["resourceType"]), resource), 201)
    return str(created["id"])


def _goal(patient_id: str, code: str) -> Json:
    return {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "subject": {"reference": f"Patient/{patient_id}"},
        "description": {"coding": [{"system": SCT, "code": code}]},
    }


def test_capability_statement_lists_the_custom_search_parameters(
    fhir_server: FhirTestServer,
) -> None:
    capabilities = _ok(fhir_request("GET", fhir_server.url("metadata")))
    params = {
        resource["type"]: {
            param["name"]: param["type"] for param in resource.get("searchParam", [])
        }
        for resource in capabilities["rest"][0]["resource"]
    }
    assert params["Communication"].get("reason-code") == "token"
    assert params["Goal"].get("description") == "token"

    found = _search(
        fhir_server,
        "SearchParameter?url=https://fhir.iknl.nl/fhir/SearchParameter/Communication-reason-code",
    )
    assert [e["resource"]["status"] for e in found["entry"]] == ["active"]


def test_capability_statement_is_compact_but_complete(fhir_server: FhirTestServer) -> None:
    """No search parameter prose (the test server leaves it out), everything else stays."""
    capabilities = _ok(fhir_request("GET", fhir_server.url("metadata")))
    resources = {r["type"]: r for r in capabilities["rest"][0]["resource"]}
    procedure = resources["Procedure"]
    assert "Encounter:reason-reference" in procedure["searchRevInclude"]
    assert "Procedure:encounter" in procedure["searchInclude"]
    assert {"patient", "code"} <= {p["name"] for p in procedure["searchParam"]}
    assert {"read", "search-type", "history-instance"} <= {
        i["code"] for i in resources["RelatedPerson"]["interaction"]
    }
    assert not any(
        "documentation" in param
        for resource in resources.values()
        for param in resource.get("searchParam", [])
    )


def test_communication_reason_code(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    patient_id = _patient(fhir_server, unique_id)
    communication_id = _create(
        fhir_server,
        {
            "resourceType": "Communication",
            "status": "completed",
            "subject": {"reference": f"Patient/{patient_id}"},
            "reasonCode": [{"coding": [{"system": SCT, "code": "713603004"}]}],
        },
    )
    # The "|" unencoded (as many clients send it) and percent-encoded.
    for bar in ("|", "%7C"):
        hit = _search(
            fhir_server, f"Communication?patient={patient_id}&reason-code={SCT}{bar}713603004"
        )
        assert _match_ids(hit) == {communication_id}
    miss = _search(fhir_server, f"Communication?patient={patient_id}&reason-code={SCT}|223449006")
    assert _match_ids(miss) == set()


def test_goal_description_in_value_set(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    patient_id = _patient(fhir_server, unique_id)
    in_value_set = _create(fhir_server, _goal(patient_id, "385987000"))
    # Offered by the form but not a member of ACP-MedicalPolicyGoal (spec §1.3 ⚠).
    not_in_value_set = _create(fhir_server, _goal(patient_id, "225353007"))

    by_value_set = _search(
        fhir_server, f"Goal?patient={patient_id}&description:in={VS}/ACP-MedicalPolicyGoal"
    )
    assert _match_ids(by_value_set) == {in_value_set}

    by_code = _search(fhir_server, f"Goal?patient={patient_id}&description={SCT}|225353007")
    assert _match_ids(by_code) == {not_in_value_set}


def test_value_sets_are_loaded_as_published(fhir_server: FhirTestServer) -> None:
    expected = {
        "ACP-MedicalPolicyGoal": {"385987000", "1351964001", "713148004"},
        "ACP-MedicalDeviceProductType-ICD": {"72506001", "465460004"},
        "ACP-PreferredPlaceOfDeath": {
            "OTH",
            "UNK",
            "264362003",
            "22232009",
            "108344006",
            "284546000",
        },
        "ACP-EuthanasiaStatement": {"UNK", "340181000146102", "340201000146103", "340191000146100"},
        "ACP-YesNoUnknownVS": {"UNK", "373066001", "373067005"},
    }
    for name, codes in expected.items():
        expansion = _ok(fhir_request("GET", fhir_server.url(f"ValueSet/$expand?url={VS}/{name}")))
        assert {c["code"] for c in expansion["expansion"]["contains"]} == codes, name


def test_chained_in_on_device_type(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    """Query 6: DeviceUseStatement?device.type:in=...ICD&_include=DeviceUseStatement:device."""
    patient_id = _patient(fhir_server, unique_id)
    devices = {}
    for code in ("465460004", "14106009"):  # an ICD, and a pacemaker (not in the value set)
        device_id = _create(
            fhir_server,
            {"resourceType": "Device", "type": {"coding": [{"system": SCT, "code": code}]}},
        )
        devices[code] = _create(
            fhir_server,
            {
                "resourceType": "DeviceUseStatement",
                "status": "active",
                "subject": {"reference": f"Patient/{patient_id}"},
                "device": {"reference": f"Device/{device_id}"},
            },
        )
    found = _search(
        fhir_server,
        f"DeviceUseStatement?patient={patient_id}"
        f"&device.type:in={VS}/ACP-MedicalDeviceProductType-ICD"
        "&_include=DeviceUseStatement:device",
    )
    assert _match_ids(found) == {devices["465460004"]}
    modes = sorted(e["search"]["mode"] for e in found["entry"])
    assert modes == ["include", "match"]


def test_revinclude_and_chaining_with_type_modifier(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    """Queries 1a and 1b: a Procedure without ``encounter``, its Encounter points to it."""
    patient_id = _patient(fhir_server, unique_id)
    procedure_id = _create(
        fhir_server,
        {
            "resourceType": "Procedure",
            "status": "completed",
            "code": {"coding": [{"system": SCT, "code": "713603004"}]},
            "subject": {"reference": f"Patient/{patient_id}"},
        },
    )
    encounter_id = _create(
        fhir_server,
        {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
            },
            "subject": {"reference": f"Patient/{patient_id}"},
            "reasonReference": [{"reference": f"Procedure/{procedure_id}"}],
        },
    )

    query_1a = _search(
        fhir_server,
        f"Procedure?patient={patient_id}&code={SCT}|713603004"
        "&_include=Procedure:encounter&_revinclude=Encounter:reason-reference",
    )
    assert {(e["resource"]["id"], e["search"]["mode"]) for e in query_1a["entry"]} == {
        (procedure_id, "match"),
        (encounter_id, "include"),
    }

    query_1b = _search(
        fhir_server,
        f"Encounter?patient={patient_id}&reason-reference:Procedure.code={SCT}|713603004"
        "&_include=Encounter:reason-reference",
    )
    assert {(e["resource"]["id"], e["search"]["mode"]) for e in query_1b["entry"]} == {
        (encounter_id, "match"),
        (procedure_id, "include"),
    }


def test_conditional_create_in_transaction_creates_once(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    patient_id = _patient(fhir_server, unique_id)
    identifier = unique_id("obs")
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:6f1c1f8e-0d7e-4a55-9d1e-1b7c4c7b2a10",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "identifier": [{"system": "urn:pzp:test", "value": identifier}],
                    "code": {"coding": [{"system": SCT, "code": "247751003"}]},
                    "subject": {"reference": f"Patient/{patient_id}"},
                    "valueString": "smoke",
                },
                "request": {
                    "method": "POST",
                    "url": "Observation",
                    "ifNoneExist": f"identifier=urn:pzp:test|{identifier}",
                },
            }
        ],
    }
    first = post_transaction(fhir_server.base_url, bundle)
    second = post_transaction(fhir_server.base_url, bundle)
    assert first["entry"][0]["response"]["status"].startswith("201")
    assert second["entry"][0]["response"]["status"].startswith("200")
    assert (
        first["entry"][0]["response"]["location"].split("/_history")[0]
        == (second["entry"][0]["response"]["location"].split("/_history")[0])
    )
    found = _search(fhir_server, f"Observation?identifier=urn:pzp:test|{identifier}")
    assert found["total"] == 1


def test_paging_follows_next_links(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    patient_id = _patient(fhir_server, unique_id)
    created = {
        _create(
            fhir_server,
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": SCT, "code": "247751003"}]},
                "subject": {"reference": f"Patient/{patient_id}"},
                "valueString": f"page item {n}",
            },
        )
        for n in range(5)
    }
    page = _search(fhir_server, f"Observation?patient={patient_id}&_count=2")
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        assert pages <= 10, "paging does not end"
        assert len(page.get("entry", [])) <= 2
        seen.extend(entry["resource"]["id"] for entry in page.get("entry", []))
        next_url = next((k["url"] for k in page["link"] if k["relation"] == "next"), None)
        if next_url is None:
            break
        page = _ok(fhir_request("GET", next_url))
    assert pages == 3
    assert sorted(seen) == sorted(created)


def test_stale_if_match_is_refused(
    fhir_server: FhirTestServer, unique_id: Callable[[str], str]
) -> None:
    patient_id = _patient(fhir_server, unique_id)
    url = fhir_server.url(f"Patient/{patient_id}")
    updated = fhir_request(
        "PUT", url, {"resourceType": "Patient", "id": patient_id, "active": True}
    )
    assert updated.status == 200
    assert updated.header("ETag") == 'W/"2"'

    stale = fhir_request(
        "PUT",
        url,
        {"resourceType": "Patient", "id": patient_id, "active": False},
        headers={"If-Match": 'W/"1"'},
    )
    assert stale.status in (409, 412), (stale.status, stale.body)

    current = fhir_request(
        "PUT",
        url,
        {"resourceType": "Patient", "id": patient_id, "active": False},
        headers={"If-Match": 'W/"2"'},
    )
    assert current.status == 200
    assert current.header("ETag") == 'W/"3"'

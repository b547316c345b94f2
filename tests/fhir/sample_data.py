"""A small PZP patient modelled on the IG examples, plus records that are NOT PZP.

Used by the fetch tests: whatever the server supports, the fetched set must be exactly
:data:`EXPECTED` (the PZP records and what they reference), never the noise.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.fhir.fakes import BASE

Json = dict[str, Any]

SCT = "http://snomed.info/sct"
ENC_EXT = "https://fhir.iknl.nl/fhir/StructureDefinition/ext-EncounterReference"
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
BSN = "999911120"


def _ref(target: str) -> Json:
    return {"reference": target}


def _code(code: str, system: str = SCT) -> Json:
    return {"coding": [{"system": system, "code": code}]}


def _patient(version: str, capable: bool) -> Json:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "meta": {"versionId": version, "lastUpdated": f"2024-0{version}-01T10:00:00+01:00"},
        "identifier": [{"system": BSN_SYSTEM, "value": BSN}],
        "name": [{"family": "Test", "given": ["A"]}],
        "extension": [
            {
                "url": "https://fhir.iknl.nl/fhir/StructureDefinition/ext-LegallyCapable-MedicalTreatmentDecisions",
                "extension": [{"url": "legallyCapable", "valueBoolean": capable}],
            }
        ],
    }


PATIENT_V1 = _patient("1", True)
PATIENT_V2 = _patient("2", False)

PZP: list[Json] = [
    PATIENT_V2,
    {
        "resourceType": "RelatedPerson",
        "id": "rp1",
        "patient": _ref("Patient/p1"),
        "relationship": [_code("24", "urn:oid:2.16.840.1.113883.2.4.3.11.22.472")],
    },
    {"resourceType": "Practitioner", "id": "pr1", "name": [{"family": "Arts"}]},
    {"resourceType": "PractitionerRole", "id": "prr1", "practitioner": _ref("Practitioner/pr1")},
    {
        "resourceType": "Procedure",
        "id": "proc1",
        "status": "completed",
        "code": _code("713603004"),
        "subject": _ref("Patient/p1"),
        "encounter": _ref("Encounter/enc1"),
        "performer": [{"actor": _ref("PractitionerRole/prr1")}],
    },
    {
        "resourceType": "Encounter",
        "id": "enc1",
        "status": "finished",
        "subject": _ref("Patient/p1"),
        "reasonReference": [_ref("Procedure/proc1")],
        "participant": [{"individual": _ref("PractitionerRole/prr1")}],
        "period": {"start": "2024-03-01"},
    },
    # Pitfalls 1 and 2: a Procedure without encounter, its Encounter without subject.
    {
        "resourceType": "Procedure",
        "id": "proc2",
        "status": "completed",
        "code": _code("713603004"),
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "Encounter",
        "id": "enc2",
        "status": "finished",
        "reasonReference": [_ref("Procedure/proc2")],
        "period": {"start": "2024-05-01"},
    },
    {
        "resourceType": "Consent",
        "id": "c1",
        "status": "active",
        "scope": _code("treatment", "http://terminology.hl7.org/CodeSystem/consentscope"),
        "category": [_code("129125009")],
        "patient": _ref("Patient/p1"),
        "extension": [{"url": ENC_EXT, "valueReference": _ref("Encounter/enc1")}],
        "provision": {
            "type": "deny",
            "code": [_code("89666000")],
            "actor": [
                {"role": _code("CONSENTER"), "reference": _ref("PractitionerRole/prr1")},
                # Another server: never fetched, never given the token.
                {
                    "role": _code("CONSENTER"),
                    "reference": _ref("https://other.example.com/fhir/RelatedPerson/x9"),
                },
            ],
        },
    },
    {
        "resourceType": "Consent",
        "id": "c2",
        "status": "active",
        "scope": _code("adr", "http://terminology.hl7.org/CodeSystem/consentscope"),
        "category": [_code("acd", "http://terminology.hl7.org/CodeSystem/consentcategorycodes")],
        "patient": _ref("Patient/p1"),
    },
    {
        "resourceType": "Goal",
        "id": "g1",
        "lifecycleStatus": "active",
        "description": _code("225353007"),
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": _code("570801000146104"),
        "subject": _ref("Patient/p1"),
        # An absolute reference on the source's own base.
        "performer": [_ref(f"{BASE}/PractitionerRole/prr1")],
    },
    {
        "resourceType": "DeviceUseStatement",
        "id": "d1",
        "status": "active",
        "subject": _ref("Patient/p1"),
        "device": _ref("Device/dev1"),
    },
    {"resourceType": "Device", "id": "dev1", "type": _code("72506001")},
    {
        "resourceType": "Communication",
        "id": "com1",
        "status": "completed",
        "reasonCode": [_code("713603004")],
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "QuestionnaireResponse",
        "id": "qr1",
        "status": "completed",
        "questionnaire": "https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3",
        "subject": _ref("Patient/p1"),
    },
]

NOISE: list[Json] = [
    {
        "resourceType": "Consent",
        "id": "c-privacy",
        "status": "active",
        "scope": _code("patient-privacy", "http://terminology.hl7.org/CodeSystem/consentscope"),
        "category": [_code("59284-0", "http://loinc.org")],
        "patient": _ref("Patient/p1"),
    },
    {
        "resourceType": "Goal",
        "id": "g-weight",
        "lifecycleStatus": "active",
        "description": {"text": "afvallen"},
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "Observation",
        "id": "o-bp",
        "status": "final",
        "code": _code("85354-9", "http://loinc.org"),
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "DeviceUseStatement",
        "id": "d-pacemaker",
        "status": "active",
        "subject": _ref("Patient/p1"),
        "device": _ref("Device/dev-pm"),
    },
    {"resourceType": "Device", "id": "dev-pm", "type": _code("14106009")},
    {
        "resourceType": "Communication",
        "id": "com-other",
        "status": "completed",
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "QuestionnaireResponse",
        "id": "qr-other",
        "status": "completed",
        "questionnaire": "https://example.org/Questionnaire/pain|1",
        "subject": _ref("Patient/p1"),
    },
    {
        "resourceType": "Procedure",
        "id": "proc-other",
        "status": "completed",
        "code": _code("80146002"),
        "subject": _ref("Patient/p1"),
        "encounter": _ref("Encounter/enc-other"),
    },
    {
        "resourceType": "Encounter",
        "id": "enc-other",
        "status": "finished",
        "subject": _ref("Patient/p1"),
        "reasonReference": [_ref("Procedure/proc-other")],
    },
    # Another patient's PZP data.
    {
        "resourceType": "Patient",
        "id": "p2",
        "identifier": [{"system": BSN_SYSTEM, "value": "999911132"}],
    },
    {
        "resourceType": "Consent",
        "id": "c-p2",
        "status": "active",
        "scope": _code("treatment", "http://terminology.hl7.org/CodeSystem/consentscope"),
        "category": [_code("129125009")],
        "patient": _ref("Patient/p2"),
    },
]

#: ``Type/id`` of everything a fetch for p1 must return.
EXPECTED = frozenset(f"{r['resourceType']}/{r['id']}" for r in PZP)


def resources() -> list[Json]:
    return copy.deepcopy(PZP + NOISE)


def history() -> dict[str, list[Json]]:
    return {"Patient/p1": copy.deepcopy([PATIENT_V2, PATIENT_V1])}

"""Example PZP patients as transaction Bundles, modelled on the IG examples.

Written by hand (not by our writers) so that the integration tests read data shaped the way
other systems send it, pitfalls included: a Procedure without ``encounter`` and its
Encounter without ``subject`` (spec §7 items 1-2), absolute references, a non-ICD device,
the donor-register Observation the IG's query 5 misses, a QuestionnaireResponse with a
versioned canonical. Every resource has a client-assigned id with a unique prefix, so
several patients (and test runs) can share one server.

Used by ``tests/integration/test_client_*.py`` and ``build_scripts/bench_sources.py``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Json = dict[str, Any]

SCT = "http://snomed.info/sct"
IG = "https://fhir.iknl.nl/fhir/StructureDefinition"
ENCOUNTER_EXT = f"{IG}/ext-EncounterReference"
LEGALLY_CAPABLE_EXT = f"{IG}/ext-LegallyCapable-MedicalTreatmentDecisions"
BB = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1"
ROL472 = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472"
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
IDENTIFIER_SYSTEM = "https://acme.com/fhir/NamingSystem/resource-business-identifier"
QUESTIONNAIRE = "https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3"


def _coding(code: str, system: str = SCT, display: str | None = None) -> Json:
    coding: Json = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def _ref(target: str) -> Json:
    return {"reference": target}


def valid_bsn(seed: int) -> str:
    """A BSN that passes the 11-test, derived from ``seed`` (test data only)."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2)
    n = seed
    while True:
        body = f"{n % 10**8:08d}"
        total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
        check = total % 11
        if check < 10 and total > 0:
            return body + str(check)
        n += 1


@dataclass
class ExamplePatient:
    prefix: str
    bsn: str
    conversations: int
    resources: list[Json] = field(default_factory=list)

    @property
    def patient_id(self) -> str:
        return f"{self.prefix}-pat"

    @property
    def patient_reference(self) -> str:
        return f"Patient/{self.patient_id}"

    def conversation_date(self, index: int) -> str:
        year = 2023 + index // 12
        return date(year, index % 12 + 1, 5).isoformat()

    @property
    def latest_resuscitation(self) -> str:
        """BB code of the latest resuscitation decision: "2" (deny) or "0" (permit)."""
        return "0" if (self.conversations - 1) % 2 == 0 else "2"

    def transaction(self) -> Json:
        """PUTs with the resources' own ids (a server keeps client-assigned ids)."""
        return {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "fullUrl": f"{r['resourceType']}/{r['id']}",
                    "resource": r,
                    "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"},
                }
                for r in self.resources
            ],
        }

    def patient_version(self, *, capable: bool, comment: str | None = None) -> Json:
        """The Patient with another legal-capacity value (PUT it for a new version)."""
        patient = next(r for r in self.resources if r["resourceType"] == "Patient")
        new = dict(patient)
        sub = [{"url": "legallyCapable", "valueBoolean": capable}]
        if comment:
            sub.append({"url": "legallyCapableComment", "valueString": comment})
        new["extension"] = [{"url": LEGALLY_CAPABLE_EXT, "extension": sub}]
        return new


def example_patient(
    prefix: str | None = None,
    *,
    conversations: int = 2,
    bsn: str | None = None,
    absolute_base: str | None = None,
    identifier_seed: str | None = None,
) -> ExamplePatient:
    """A patient with ``conversations`` PZP conversations (alternating resuscitation
    decision: permit in the first, deny in the second, …) and one of everything else.

    ``absolute_base``: write the Observation performers as absolute references on that base.
    ``identifier_seed``: derive the business identifiers from this instead of the prefix, so
    that two patients (two sources) hold copies of the same records.
    """
    prefix = prefix or f"it{uuid.uuid4().hex[:10]}"
    example = ExamplePatient(prefix, bsn or valid_bsn(int(uuid.uuid4().int % 10**8)), conversations)
    out = example.resources
    p = example.patient_reference
    role = f"PractitionerRole/{prefix}-role"

    def identifier(name: str) -> list[Json]:
        return [
            {
                "type": _coding("RI", "http://terminology.hl7.org/CodeSystem/v2-0203"),
                "system": IDENTIFIER_SYSTEM,
                "value": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{identifier_seed or prefix}/{name}")),
            }
        ]

    out.append(
        {
            "resourceType": "Patient",
            "id": example.patient_id,
            "identifier": [{"system": BSN_SYSTEM, "value": example.bsn}],
            "name": [{"use": "official", "family": "Proef", "given": ["Pieter"]}],
            "birthDate": "1940-02-03",
            "extension": [
                {
                    "url": LEGALLY_CAPABLE_EXT,
                    "extension": [{"url": "legallyCapable", "valueBoolean": True}],
                }
            ],
        }
    )
    out.append(
        {
            "resourceType": "Practitioner",
            "id": f"{prefix}-prac",
            "name": [{"family": "Huisarts", "given": ["Hanna"]}],
        }
    )
    out.append(
        {
            "resourceType": "PractitionerRole",
            "id": f"{prefix}-role",
            "practitioner": _ref(f"Practitioner/{prefix}-prac"),
            "specialty": [
                _coding("01.015", "http://fhir.nl/fhir/NamingSystem/uzi-rolcode", "Huisarts")
            ],
        }
    )
    out.append(
        {
            "resourceType": "RelatedPerson",
            "id": f"{prefix}-rep",
            "patient": _ref(p),
            "relationship": [
                _coding("24", ROL472, "Wettelijke vertegenwoordiger"),
                _coding("DAU", "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "daughter"),
            ],
            "name": [{"family": "Proef", "given": ["Petra"]}],
        }
    )
    for i in range(conversations):
        day = example.conversation_date(i)
        encounter: Json = {
            "resourceType": "Encounter",
            "id": f"{prefix}-enc{i}",
            "identifier": identifier(f"enc{i}"),
            "status": "finished",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
            },
            "participant": [{"individual": _ref(role)}],
            "period": {"start": day, "end": day},
            "reasonReference": [_ref(f"Procedure/{prefix}-proc{i}")],
        }
        procedure: Json = {
            "resourceType": "Procedure",
            "id": f"{prefix}-proc{i}",
            "identifier": identifier(f"proc{i}"),
            "status": "completed",
            "code": _coding("713603004", display="advance care planning"),
            "subject": _ref(p),
            "performer": [{"actor": _ref(role)}],
            "performedPeriod": {"start": day, "end": day},
        }
        if i == 1:
            # Pitfalls 1 + 2: patient not present, and no link from Procedure to Encounter.
            pass
        else:
            encounter["subject"] = _ref(p)
            procedure["encounter"] = _ref(f"Encounter/{prefix}-enc{i}")
        out.extend([encounter, procedure])
        out.append(
            {
                "resourceType": "Consent",
                "id": f"{prefix}-res{i}",
                "identifier": identifier(f"res{i}"),
                "status": "active",
                "scope": _coding("treatment", "http://terminology.hl7.org/CodeSystem/consentscope"),
                "category": [_coding("129125009")],
                "patient": _ref(p),
                "dateTime": day,
                "policy": [{"uri": "https://wetten.overheid.nl/"}],
                "extension": [
                    {"url": ENCOUNTER_EXT, "valueReference": _ref(f"Encounter/{prefix}-enc{i}")}
                ],
                "provision": {
                    "type": "permit" if i % 2 == 0 else "deny",
                    "code": [_coding("89666000", display="cardiopulmonale resuscitatie")],
                    "actor": [
                        {
                            "role": _coding(
                                "CONSENTER", "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
                            ),
                            "reference": _ref(p),
                        },
                        {
                            "role": _coding(
                                "CONSENTER", "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
                            ),
                            "reference": _ref(role),
                        },
                    ],
                },
            }
        )
        performer = f"{absolute_base}/{role}" if absolute_base else role
        out.append(
            {
                "resourceType": "Observation",
                "id": f"{prefix}-pod{i}",
                "identifier": identifier(f"pod{i}"),
                "status": "final",
                "code": _coding("395091006"),
                "subject": _ref(p),
                "encounter": _ref(f"Encounter/{prefix}-enc{i}"),
                "effectiveDateTime": day,
                "performer": [_ref(performer)],
                "valueCodeableConcept": _coding("264362003", display="Thuis"),
            }
        )
    first_day = example.conversation_date(0)
    first_encounter = _ref(f"Encounter/{prefix}-enc0")
    out.extend(
        [
            {
                "resourceType": "Observation",
                "id": f"{prefix}-donor",
                "identifier": identifier("donor"),
                "status": "final",
                "code": _coding("570801000146104"),
                "subject": _ref(p),
                "encounter": first_encounter,
                "effectiveDateTime": first_day,
                "valueCodeableConcept": _coding("373066001", display="Ja"),
            },
            {
                "resourceType": "Goal",
                "id": f"{prefix}-goal",
                "identifier": identifier("goal"),
                "lifecycleStatus": "active",
                "description": _coding("385987000"),
                "subject": _ref(p),
                "startDate": first_day,
                "extension": [{"url": ENCOUNTER_EXT, "valueReference": first_encounter}],
            },
            {"resourceType": "Device", "id": f"{prefix}-icd", "type": _coding("72506001")},
            {
                "resourceType": "DeviceUseStatement",
                "id": f"{prefix}-dus",
                "identifier": identifier("dus"),
                "status": "active",
                "subject": _ref(p),
                "device": _ref(f"Device/{prefix}-icd"),
                "recordedOn": first_day,
                "note": [{"text": "ICD sinds 2019"}],
                "extension": [{"url": ENCOUNTER_EXT, "valueReference": first_encounter}],
            },
            # Not PZP: a pacemaker. Must not show up as an ICD.
            {"resourceType": "Device", "id": f"{prefix}-pm", "type": _coding("14106009")},
            {
                "resourceType": "DeviceUseStatement",
                "id": f"{prefix}-dus-pm",
                "status": "active",
                "subject": _ref(p),
                "device": _ref(f"Device/{prefix}-pm"),
            },
            {
                "resourceType": "Communication",
                "id": f"{prefix}-com",
                "identifier": identifier("com"),
                "status": "completed",
                "reasonCode": [_coding("713603004")],
                "topic": _coding("223449006"),
                "subject": _ref(p),
                "recipient": [_ref(p)],
                "sender": _ref(role),
                "sent": first_day,
            },
            {
                "resourceType": "Consent",
                "id": f"{prefix}-ad",
                "identifier": identifier("ad"),
                "status": "active",
                "scope": _coding("adr", "http://terminology.hl7.org/CodeSystem/consentscope"),
                "category": [
                    _coding("acd", "http://terminology.hl7.org/CodeSystem/consentcategorycodes")
                ],
                "patient": _ref(p),
                "dateTime": "2019-06-01",
                "policy": [{"uri": "https://wetten.overheid.nl/"}],
                "provision": {
                    "code": [_coding("NR", "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.14.1")]
                },
            },
            {
                "resourceType": "QuestionnaireResponse",
                "id": f"{prefix}-qr",
                "identifier": identifier("qr")[0],
                "status": "completed",
                "questionnaire": QUESTIONNAIRE,
                "subject": _ref(p),
                "authored": "2025-01-01T10:00:00+01:00",
                "item": [
                    {"linkId": "963", "answer": [{"valueDateTime": first_day}]},
                    {
                        "linkId": "119",
                        "item": [
                            {
                                "linkId": "1201",
                                "answer": [
                                    {
                                        "valueCoding": {
                                            "system": SCT,
                                            "code": "441898007",
                                            "display": "Akkoord",
                                        }
                                    }
                                ],
                            }
                        ],
                    },
                ],
            },
        ]
    )
    return example

"""The whole read side of one source: ``read_source`` over a full example patient that has
both retrieval methods (spec §3, §4, §5).

Modelled on the IG's example patient (two conversations, 2020 and 2022): the 2020
conversation is recorded as individual resources *and* as a QuestionnaireResponse without
any link (as in the IG: no subject, encounter or author — matched on day + professional);
the 2022 conversation only as a QuestionnaireResponse whose item 963 contradicts nothing;
a third conversation only as resources.
"""

from __future__ import annotations

from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    BEHANDEL_BESLUIT,
    CONSENT_SCOPE,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    RecordedItem,
)
from pzp_desktop.domain.reading import SourceRecord, read_source
from tests.domain.transaction_support import (
    PATIENT_REF,
    ROLE_REF,
    SOURCE,
    patient,
    practitioner,
    practitioner_role,
)

IG_ID_SYSTEM = profiles.IG_EXAMPLE_IDENTIFIER_SYSTEM
ENC_2020 = "enc-2020"
PROC_2020 = "proc-2020"
ENC_2023 = "enc-2023"
PROC_2023 = "proc-2023"


def ident(value: str) -> list[Json]:
    return [
        {
            "type": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "RI"}
                ]
            },
            "system": IG_ID_SYSTEM,
            "value": value,
        }
    ]


def encounter_ext(eid: str) -> Json:
    return {
        "url": profiles.EXT_ENCOUNTER_REFERENCE,
        "valueReference": {"reference": f"Encounter/{eid}"},
    }


def conversation_resources(eid: str, pid: str, start: str) -> list[Json]:
    return [
        {
            "resourceType": "Encounter",
            "id": eid,
            "meta": {"profile": [profiles.ENCOUNTER]},
            "identifier": ident(eid),
            "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
            "subject": {"reference": PATIENT_REF},
            "participant": [
                {"individual": {"reference": ROLE_REF}},
                {"individual": {"reference": "RelatedPerson/rp-petra"}},
            ],
            "period": {"start": start, "end": start},
            "reasonReference": [{"reference": f"Procedure/{pid}"}],
        },
        {
            "resourceType": "Procedure",
            "id": pid,
            "meta": {"profile": [profiles.PROCEDURE]},
            "identifier": ident(pid),
            "status": "completed",
            "code": {"coding": [{"system": SCT, "code": "713603004"}]},
            "subject": {"reference": PATIENT_REF},
            "encounter": {"reference": f"Encounter/{eid}"},
            "performedPeriod": {"start": start, "end": start},
            "performer": [{"actor": {"reference": ROLE_REF}}],
        },
    ]


def consent(cid: str, eid: str, date: str, code: str, decision: str | None) -> Json:
    resource: Json = {
        "resourceType": "Consent",
        "id": cid,
        "meta": {"profile": [profiles.TREATMENT_DIRECTIVE]},
        "identifier": ident(cid),
        "extension": [encounter_ext(eid)],
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [{"coding": [{"system": SCT, "code": "129125009"}]}],
        "patient": {"reference": PATIENT_REF},
        "dateTime": date,
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
        "provision": {
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                "code": "CONSENTER",
                            }
                        ]
                    },
                    "reference": {"reference": ROLE_REF},
                }
            ],
            "code": [{"coding": [{"system": SCT, "code": code}]}],
        },
    }
    if decision is not None:
        resource["provision"]["type"] = decision
    return resource


def observation(oid: str, eid: str, date: str, code: str, value: dict[str, Any]) -> Json:
    return {
        "resourceType": "Observation",
        "id": oid,
        "identifier": ident(oid),
        "status": "final",
        "code": {"coding": [{"system": SCT, "code": code}]},
        "subject": {"reference": PATIENT_REF},
        "encounter": {"reference": f"Encounter/{eid}"},
        "effectiveDateTime": date,
        "performer": [{"reference": ROLE_REF}],
        **value,
    }


def representative() -> Json:
    return {
        "resourceType": "RelatedPerson",
        "id": "rp-petra",
        "meta": {"versionId": "1", "lastUpdated": "2020-10-01T17:00:00+02:00"},
        "patient": {"reference": PATIENT_REF},
        "relationship": [
            {"coding": [{"system": ROL472, "code": "24"}]},
            {"coding": [{"system": ROLE_CODE, "code": "DAUC"}]},
        ],
        "name": [{"use": "official", "given": ["Petra"], "family": "Wit"}],
    }


def q(link_id: str, *answers: Json, items: list[Json] | None = None) -> Json:
    node: Json = {"linkId": link_id}
    if answers:
        node["answer"] = list(answers)
    if items is not None:
        node["item"] = items
    return node


def coded(system: str | None, code: str, items: list[Json] | None = None) -> Json:
    value: Json = {"code": code}
    if system:
        value["system"] = system
    answer: Json = {"valueCoding": value}
    if items:
        answer["item"] = items
    return answer


def text(value: str) -> Json:
    return {"valueString": value}


def form_response(rid: str, date: str, decision: str, extra: list[Json]) -> Json:
    """An IG-style response: no subject, encounter or author; authored much later."""
    return {
        "resourceType": "QuestionnaireResponse",
        "id": rid,
        "meta": {"versionId": "1", "lastUpdated": "2025-08-25T19:14:51Z"},
        "questionnaire": profiles.QUESTIONNAIRE_CANONICAL,
        "status": "completed",
        "authored": "2025-08-25T19:14:50.150Z",
        "item": [
            q("963", {"valueDateTime": date}),
            q(
                "8",
                items=[
                    q(
                        "16",
                        items=[
                            q("968", text("Jan")),
                            q("969", text("van der")),
                            q("970", text("Berg")),
                        ],
                    ),
                    q("1405", coded("http://fhir.nl/fhir/NamingSystem/uzi-rolcode", "01.015")),
                ],
            ),
            q("78", items=[q("82", coded(None, "Patiënt")), q("998", coded(ROLE_CODE, "DAUC"))]),
            q(
                "83",
                items=[
                    q(
                        "1409",
                        items=[
                            q("1410", coded(SCT, "89666000")),
                            q("1386", coded(BEHANDEL_BESLUIT, decision)),
                        ],
                    )
                ],
            ),
            *extra,
        ],
    }


def example_patient() -> list[Json]:
    """Every resource a source returned for the example patient."""
    older_patient = patient(version="1")
    older_patient["meta"]["lastUpdated"] = "2019-01-01T10:00:00+01:00"
    older_patient["extension"] = []
    resources = [
        older_patient,
        patient(version="3"),
        practitioner(),
        practitioner_role(),
        representative(),
        *conversation_resources(ENC_2020, PROC_2020, "2020-10-01T16:00:00+02:00"),
        consent("cons-reanimatie-2020", ENC_2020, "2020-10-01", "89666000", "deny"),
        consent("cons-ic-2020", ENC_2020, "2020-10-01", "305351004", "deny"),
        observation(
            "obs-wensen-2020",
            ENC_2020,
            "2020-10-01",
            "153851000146100",
            {"valueString": "Zo lang mogelijk thuis"},
        ),
        observation(
            "obs-plek-2020",
            ENC_2020,
            "2020-10-01",
            "395091006",
            {
                "dataAbsentReason": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                            "code": "asked-unknown",
                        }
                    ]
                }
            },
        ),
        # The 2020 conversation as the form, without any link (as in the IG).
        form_response(
            "qr-2020",
            "2020-10-01T14:27:36Z",
            "2",
            [
                q(
                    "115",
                    items=[q("1197", coded(SCT, "373067005"))],
                ),
                q("119", items=[q("1200", coded(None, "1")), q("1201", coded(SCT, "441898007"))]),
            ],
        ),
        # 2022: only the form.
        form_response(
            "qr-2022",
            "2022-11-08T10:00:00Z",
            "0",
            [
                q(
                    "107",
                    items=[
                        q(
                            "1433",
                            items=[
                                q("1434", coded(SCT, "570801000146104")),
                                q("1435", coded(NULL_FLAVOR, "UNK")),
                            ],
                        )
                    ],
                )
            ],
        ),
        # 2023: only resources.
        *conversation_resources(ENC_2023, PROC_2023, "2023-05-04"),
        consent("cons-reanimatie-2023", ENC_2023, "2023-05-04", "89666000", "permit"),
        # Not ours: another form, and a resource type that is no PZP record.
        {
            "resourceType": "QuestionnaireResponse",
            "id": "qr-admin",
            "questionnaire": "https://fhir.iknl.nl/fhir/Questionnaire/ACP-Administrative",
            "status": "completed",
        },
        {"resourceType": "Organization", "id": "org-1", "name": "Praktijk"},
    ]
    return resources


@pytest.fixture(scope="module")
def record() -> SourceRecord:
    return read_source(SOURCE, example_patient(), PATIENT_REF)


def items_of(record: SourceRecord, item_id: ItemId) -> list[RecordedItem]:
    return [i for i in record.items if i.key == ItemKey(item_id)]


def test_patient_summary(record: SourceRecord) -> None:
    assert record.source == SOURCE
    assert record.patient is not None
    assert record.patient.reference == PATIENT_REF
    assert record.patient.bsn == "999911120"
    assert record.patient.version == "3"
    assert record.problems == []


def test_conversations_of_both_methods(record: SourceRecord) -> None:
    by_ref = {c.ref.reference: c for c in record.conversations}
    assert set(by_ref) == {
        f"Encounter/{ENC_2020}",
        f"Encounter/{ENC_2023}",
        "QuestionnaireResponse/qr-2022",
    }
    assert by_ref[f"Encounter/{ENC_2020}"].questionnaire_responses == (
        "QuestionnaireResponse/qr-2020",
    )
    assert by_ref[f"Encounter/{ENC_2020}"].procedure == f"Procedure/{PROC_2020}"
    assert by_ref[f"Encounter/{ENC_2023}"].questionnaire_responses == ()
    only_form = by_ref["QuestionnaireResponse/qr-2022"]
    assert only_form.date == ClinicalDate.parse("2022-11-08T10:00:00Z")
    assert only_form.professional is not None
    assert only_form.professional.name == "Jan van der Berg"
    assert all(c.source == SOURCE for c in record.conversations)


def test_one_conversation_recorded_both_ways_shares_its_ref(record: SourceRecord) -> None:
    conversation = ConversationRef(SOURCE, f"Encounter/{ENC_2020}")
    resuscitation = [
        i for i in items_of(record, ItemId.RESUSCITATION) if i.conversation == conversation
    ]
    kinds = sorted(i.origin.kind.value for i in resuscitation)
    assert kinds == [OriginKind.QUESTIONNAIRE_RESPONSE.value, OriginKind.RESOURCE.value]
    resource_item, form_item = sorted(resuscitation, key=lambda i: i.origin.kind.value)[::-1]
    assert resource_item.same_value(form_item)  # deny = BB 2 "Niet uitvoeren"
    assert form_item.date_basis is DateBasis.CONVERSATION
    assert form_item.recorded == ClinicalDate.parse("2020-10-01T14:27:36Z")


def test_items_only_in_the_form(record: SourceRecord) -> None:
    (previous,) = items_of(record, ItemId.PREVIOUS_AGREEMENTS)
    assert previous.answers_to("1197")[0] == Coding(SCT, "373067005", "Nee")
    assert previous.conversation == ConversationRef(SOURCE, f"Encounter/{ENC_2020}")
    (sharing,) = items_of(record, ItemId.SHARING_CONSENT)
    assert sharing.origin.reference == "QuestionnaireResponse/qr-2020"
    (organ,) = items_of(record, ItemId.ORGAN_DONATION)
    assert organ.conversation == ConversationRef(SOURCE, "QuestionnaireResponse/qr-2022")


def test_every_resuscitation_candidate_is_there(record: SourceRecord) -> None:
    found = sorted(
        (str(i.recorded), i.origin.reference) for i in items_of(record, ItemId.RESUSCITATION)
    )
    assert found == [
        ("2020-10-01", "Consent/cons-reanimatie-2020"),
        ("2020-10-01T14:27:36Z", "QuestionnaireResponse/qr-2020"),
        ("2022-11-08T10:00:00Z", "QuestionnaireResponse/qr-2022"),
        ("2023-05-04", "Consent/cons-reanimatie-2023"),
    ]


def test_method_one_items_of_the_example(record: SourceRecord) -> None:
    (wishes,) = items_of(record, ItemId.CARE_WISHES)
    assert wishes.answers_to("1190") == ["Zo lang mogelijk thuis"]
    (place,) = items_of(record, ItemId.PLACE_OF_DEATH)
    assert place.answers_to("1191")[0].concept == (NULL_FLAVOR, "UNK")  # type: ignore[union-attr]
    (representative_item,) = items_of(record, ItemId.LEGAL_REPRESENTATIVE)
    assert representative_item.answers_to("973") == ["Petra"]
    capacity = items_of(record, ItemId.LEGAL_CAPACITY)
    assert [i.origin.version for i in capacity] == ["3"]
    assert capacity[0].answers_to("1406")[0].concept == (None, "1")  # type: ignore[union-attr]

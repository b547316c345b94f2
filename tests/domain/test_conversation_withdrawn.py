"""A record whose conversation was withdrawn in the source (its Encounter entered-in-error,
cancelled, or its Procedure not done) while the record itself was not: the value stays
visible, with the note "conversation-withdrawn" (spec §3.2 step 2, §7 item 20)."""

from __future__ import annotations

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, CONSENT_SCOPE, ROLE_CODE, SCT, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId, RecordedItem, RecordStatus
from pzp_desktop.domain.reading import read_source
from pzp_desktop.domain.reading.record_helpers import NOTE_CONVERSATION_WITHDRAWN

SOURCE = "EPD"
PATIENT_REF = "Patient/p1"
CPR = "89666000"
DENY = (BEHANDEL_BESLUIT, "2")


def patient() -> Json:
    return {"resourceType": "Patient", "id": "p1", "name": [{"text": "J. Test"}]}


def conversation(
    encounter_status: str = "finished", procedure_status: str = "completed"
) -> list[Json]:
    return [
        {
            "resourceType": "Encounter",
            "id": "e1",
            "status": encounter_status,
            "subject": {"reference": PATIENT_REF},
            "period": {"start": "2024-01-10T10:00:00+01:00"},
            "reasonReference": [{"reference": "Procedure/proc1"}],
        },
        {
            "resourceType": "Procedure",
            "id": "proc1",
            "status": procedure_status,
            "code": {"coding": [{"system": SCT, "code": "713603004"}]},
            "subject": {"reference": PATIENT_REF},
            "encounter": {"reference": "Encounter/e1"},
        },
    ]


def cpr_consent(status: str = "active") -> Json:
    return {
        "resourceType": "Consent",
        "id": "c1",
        "status": status,
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [{"coding": [{"system": SCT, "code": "129125009"}]}],
        "patient": {"reference": PATIENT_REF},
        "dateTime": "2024-01-10",
        "extension": [
            {
                "url": profiles.EXT_ENCOUNTER_REFERENCE,
                "valueReference": {"reference": "Encounter/e1"},
            }
        ],
        "provision": {
            "type": "deny",
            "code": [{"coding": [{"system": SCT, "code": CPR}]}],
            "actor": [
                {
                    "role": {"coding": [{"system": ROLE_CODE, "code": "CONSENTER"}]},
                    "reference": {"reference": PATIENT_REF},
                }
            ],
        },
    }


def care_wishes() -> Json:
    return {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "subject": {"reference": PATIENT_REF},
        "encounter": {"reference": "Encounter/e1"},
        "code": {"coding": [{"system": SCT, "code": "153851000146100"}]},
        "valueString": "Zo lang mogelijk thuis blijven.",
    }


def form_response(status: str = "completed") -> Json:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "qr1",
        "status": status,
        "questionnaire": profiles.QUESTIONNAIRE_CANONICAL,
        "subject": {"reference": PATIENT_REF},
        "encounter": {"reference": "Encounter/e1"},
        "item": [
            {
                "linkId": "83",
                "item": [
                    {
                        "linkId": "1409",
                        "item": [
                            {
                                "linkId": "1386",
                                "answer": [
                                    {"valueCoding": {"system": BEHANDEL_BESLUIT, "code": "2"}}
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def concept(value: object) -> tuple[str | None, str] | None:
    return value.concept if isinstance(value, Coding) else None


def items_of(resources: list[Json], item_id: ItemId) -> list[RecordedItem]:
    record = read_source(SOURCE, [patient(), *resources], PATIENT_REF)
    return [i for i in record.items if i.key.item is item_id]


@pytest.mark.parametrize(
    ("encounter_status", "procedure_status"),
    [("entered-in-error", "completed"), ("cancelled", "completed"), ("finished", "not-done")],
)
def test_a_current_record_of_a_withdrawn_conversation_is_noted_and_kept(
    encounter_status: str, procedure_status: str
) -> None:
    resources = [*conversation(encounter_status, procedure_status), cpr_consent(), care_wishes()]
    [cpr] = items_of(resources, ItemId.RESUSCITATION)
    assert cpr.status is RecordStatus.CURRENT  # the record itself is not withdrawn
    assert concept(cpr.answer("1386")) == DENY  # and its value stays visible
    assert NOTE_CONVERSATION_WITHDRAWN in cpr.notes
    [wishes] = items_of(resources, ItemId.CARE_WISHES)
    assert NOTE_CONVERSATION_WITHDRAWN in wishes.notes


def test_a_record_of_a_current_conversation_has_no_such_note() -> None:
    resources = [*conversation(), cpr_consent(), care_wishes()]
    for item_id in (ItemId.RESUSCITATION, ItemId.CARE_WISHES):
        [item] = items_of(resources, item_id)
        assert NOTE_CONVERSATION_WITHDRAWN not in item.notes


def test_a_withdrawn_record_needs_no_note_about_its_conversation() -> None:
    resources = [*conversation("entered-in-error"), cpr_consent("entered-in-error")]
    [cpr] = items_of(resources, ItemId.RESUSCITATION)
    assert cpr.status is RecordStatus.ERROR
    assert NOTE_CONVERSATION_WITHDRAWN not in cpr.notes


def test_a_form_response_of_a_withdrawn_conversation_is_noted() -> None:
    [withdrawn] = items_of(
        [*conversation("entered-in-error"), form_response()], ItemId.RESUSCITATION
    )
    assert withdrawn.status is RecordStatus.CURRENT
    assert concept(withdrawn.answer("1386")) == DENY
    assert NOTE_CONVERSATION_WITHDRAWN in withdrawn.notes
    [current] = items_of([*conversation(), form_response()], ItemId.RESUSCITATION)
    assert NOTE_CONVERSATION_WITHDRAWN not in current.notes

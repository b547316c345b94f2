"""End to end, from FHIR resources through read_source to consolidate: proposals, dates
that cannot be ordered and resource versions never give a silent wrong latest value."""

from __future__ import annotations

from typing import Any

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import ACT_CODE, BEHANDEL_BESLUIT, CONSENT_SCOPE, SCT
from pzp_desktop.domain.consolidation import ConsolidatedItem, consolidate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId, RecordStatus
from pzp_desktop.domain.reading import read_source

PATIENT: Json = {"resourceType": "Patient", "id": "p1", "name": [{"family": "Test"}]}
CPR = "89666000"


def cpr_directive(cid: str, decision: str, date: str, **meta: str) -> Json:
    resource: Json = {
        "resourceType": "Consent",
        "id": cid,
        "meta": {"profile": [profiles.TREATMENT_DIRECTIVE], **meta},
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [{"coding": [{"system": SCT, "code": "129125009"}]}],
        "patient": {"reference": "Patient/p1"},
        "dateTime": date,
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
        "provision": {"type": decision, "code": [{"coding": [{"system": SCT, "code": CPR}]}]},
    }
    return resource


def with_status(resource: Json, status: str) -> Json:
    return {**resource, "status": status}


def resuscitation(*sources: tuple[str, list[Json]]) -> ConsolidatedItem:
    items: list[Any] = []
    for source, resources in sources:
        items.extend(read_source(source, [PATIENT, *resources], "Patient/p1").items)
    consolidated = consolidate(items, [source for source, _ in sources]).get(ItemId.RESUSCITATION)
    assert consolidated is not None
    return consolidated


def decision(item: ConsolidatedItem) -> str:
    code = item.current.answer("1386")
    return getattr(code, "code", "")


def test_a_proposed_permit_leaves_the_active_deny_in_force() -> None:
    item = resuscitation(
        (
            "EPD",
            [
                cpr_directive("c1", "deny", "2024-01-10"),
                with_status(cpr_directive("c2", "permit", "2024-03-01"), "proposed"),
            ],
        )
    )
    assert item.current.status is RecordStatus.CURRENT
    assert decision(item) == "2"  # niet uitvoeren
    assert any(r.status is RecordStatus.PROPOSED for r in item.older)


def test_a_date_only_deny_and_a_timed_permit_of_that_day_conflict() -> None:
    item = resuscitation(
        ("HIS", [cpr_directive("c1", "deny", "2024-01-10")]),
        ("EPD", [cpr_directive("c2", "permit", "2024-01-10T09:00:00+01:00")]),
    )
    assert item.conflicts
    assert {decision(item), *(getattr(c.answer("1386"), "code", "") for c in item.conflicts)} == {
        "0",
        "2",
    }


def test_an_entered_in_error_newest_version_withdraws_the_resource() -> None:
    v1 = cpr_directive("c1", "deny", "2024-01-10", versionId="1")
    v2 = with_status(cpr_directive("c1", "deny", "2024-01-10", versionId="2"), "entered-in-error")
    items = read_source("EPD", [PATIENT, v1, v2], "Patient/p1").items
    assert consolidate(items, ["EPD"]).get(ItemId.RESUSCITATION) is None


def test_the_newest_version_wins_over_an_older_version_with_a_later_date() -> None:
    v1 = cpr_directive("c1", "permit", "2024-03-01", versionId="1")
    v2 = cpr_directive("c1", "deny", "2024-02-01", versionId="2")
    item = resuscitation(("EPD", [v1, v2]))
    assert decision(item) == "2"
    assert item.current.origin.version == "2"
    assert not item.conflicts


CONVERSATION_START = "2024-01-10T10:00:00+01:00"


def conversation_resources() -> list[Json]:
    """An Encounter + Procedure of one PZP conversation on 10 January 2024, 10:00."""
    return [
        {
            "resourceType": "Encounter",
            "id": "e1",
            "status": "finished",
            "class": {"system": ACT_CODE, "code": "AMB"},
            "subject": {"reference": "Patient/p1"},
            "period": {"start": CONVERSATION_START},
            "reasonReference": [{"reference": "Procedure/proc1"}],
        },
        {
            "resourceType": "Procedure",
            "id": "proc1",
            "status": "completed",
            "code": {"coding": [{"system": SCT, "code": "713603004"}]},
            "subject": {"reference": "Patient/p1"},
            "encounter": {"reference": "Encounter/e1"},
            "performedPeriod": {"start": CONVERSATION_START},
        },
    ]


def form_of_conversation(decision_code: str) -> Json:
    """The conversation's form: conversation date (963) and a resuscitation decision."""
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "qr1",
        "status": "completed",
        "questionnaire": f"{profiles.QUESTIONNAIRE_URL}|0.1.3-beta3",
        "subject": {"reference": "Patient/p1"},
        "encounter": {"reference": "Encounter/e1"},
        "authored": "2024-01-10T12:00:00+01:00",
        "item": [
            {"linkId": "963", "answer": [{"valueDateTime": CONVERSATION_START}]},
            {
                "linkId": "83",
                "item": [
                    {
                        "linkId": "1409",
                        "item": [
                            {
                                "linkId": "1410",
                                "answer": [{"valueCoding": {"system": SCT, "code": CPR}}],
                            },
                            {
                                "linkId": "1386",
                                "answer": [
                                    {
                                        "valueCoding": {
                                            "system": BEHANDEL_BESLUIT,
                                            "code": decision_code,
                                        }
                                    }
                                ],
                            },
                        ],
                    }
                ],
            },
        ],
    }


def date_only_deny_and_timed_permit_of_one_conversation() -> list[Json]:
    """The conversation's Consent says deny (date only), its form says
    permit (10:00 the same day)."""
    consent = cpr_directive("c1", "deny", "2024-01-10")
    consent["extension"] = [
        {"url": profiles.EXT_ENCOUNTER_REFERENCE, "valueReference": {"reference": "Encounter/e1"}}
    ]
    return [*conversation_resources(), consent, form_of_conversation("0")]


def test_the_resources_and_the_form_of_one_conversation_disagreeing_is_a_conflict() -> None:
    item = resuscitation(("EPD", date_only_deny_and_timed_permit_of_one_conversation()))
    values = {decision(item), *(getattr(c.answer("1386"), "code", "") for c in item.conflicts)}
    assert values == {"0", "2"}

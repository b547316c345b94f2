"""The form as QuestionnaireResponse: reading leniently, writing strictly (spec §2, §4, §7).

The fixture responses are modelled on the IG's example responses (IKNL/PZP-FHIR-R4
``QuestionnaireResponse-HendrikHartman-*``): versioned canonical, no subject, encounter or
author, ``authored`` years after the conversation, item 963 as the conversation date,
system-less codes, the fixed concepts (RO items) answered, children under the answers.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    BEHANDEL_BESLUIT,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    UZI_ROLE,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.display import Decision, decision_of, display_value
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    Answer,
    Attendee,
    Conversation,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT
from pzp_desktop.domain.reading.questionnaire_response import (
    is_form_canonical,
    is_form_response,
    read_questionnaire_responses,
)
from pzp_desktop.domain.writing.context import ItemChange, NewConversation, WriteContext
from pzp_desktop.domain.writing.questionnaire_response import (
    build_questionnaire_response,
    split_professional_name,
)

SOURCE = "huisarts"
CANONICAL = profiles.QUESTIONNAIRE_CANONICAL
URL = profiles.QUESTIONNAIRE_URL
OLDER_URL = "https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020"
GP = Coding(UZI_ROLE, "01.015", "Huisarts")


# --- fixtures: responses shaped like the IG examples ------------------------------------------


def coding(system: str | None, code: str, display: str | None = None) -> Json:
    out: Json = {"code": code}
    if system:
        out["system"] = system
    if display:
        out["display"] = display
    return out


def q(link_id: str, *answers: Json, items: list[Json] | None = None) -> Json:
    """A question (answers) or a group (items)."""
    node: Json = {"linkId": link_id}
    if answers:
        node["answer"] = list(answers)
    if items is not None:
        node["item"] = items
    return node


def a_coding(system: str | None, code: str, display: str | None = None, **kw: Any) -> Json:
    answer: Json = {"valueCoding": coding(system, code, display)}
    if "items" in kw:
        answer["item"] = kw["items"]
    return answer


def a_text(text: str, items: list[Json] | None = None) -> Json:
    answer: Json = {"valueString": text}
    if items is not None:
        answer["item"] = items
    return answer


def decision_group(
    group: str, fixed: str, fixed_code: str, decision: str, code: str, children: list[Json]
) -> Json:
    return q(
        group,
        items=[
            q(fixed, a_coding(SCT, fixed_code)),
            q(decision, a_coding(BEHANDEL_BESLUIT, code, items=children or None)),
        ],
    )


def ig_style_response(
    rid: str = "qr-2020",
    *,
    canonical: str = CANONICAL,
    date: str | None = "2020-10-01T16:27:36.364Z",
) -> Json:
    """Like the IG's 2020 example: nested as the form says, everything system-coded except
    the form's own system-less codes, RO items answered."""
    items: list[Json] = []
    if date is not None:
        items.append(q("963", {"valueDateTime": date}))
    items += [
        q("7", items=[q("964", a_text("Willem")), q("966", a_text("Jansen"))]),
        q("967", {"valueDateTime": "1948-02-17T00:00:00Z"}),
        q(
            "8",
            items=[
                q("16", items=[q("969", a_text("van der")), q("970", a_text("Berg"))]),
                q("1405", a_coding(UZI_ROLE, "01.015", "Huisarts")),
            ],
        ),
        q(
            "26",
            items=[
                q(
                    "1406",
                    a_coding(None, "1", "Ja", items=[q("1407", a_text("Helder van geest"))]),
                ),
                q(
                    "29",
                    items=[
                        q("30", items=[q("973", a_text("Petra")), q("975", a_text("Wit"))]),
                        q(
                            "39",
                            items=[
                                q(
                                    "40",
                                    items=[
                                        q("976", a_text("0612345678")),
                                        q("977", a_coding(ADDRESS_USE, "MC")),
                                    ],
                                ),
                                q("40", items=[q("976", a_text("0201234567"))]),
                            ],
                        ),
                        q(
                            "982",
                            a_coding(ROL472, "24"),
                            a_coding(ROL472, "09", items=[q("411", a_text("Zaakwaarnemer"))]),
                        ),
                        q("983", a_coding(ROLE_CODE, "DAUC", "Daughter")),
                        q("984", a_coding(None, "1", "Ja")),
                    ],
                ),
            ],
        ),
        q(
            "78",
            items=[
                q("82", a_coding(None, "Patiënt", "Patiënt")),
                q("998", a_coding(ROLE_CODE, "DAUC", "Dochter")),
            ],
        ),
        q(
            "586",
            items=[
                q("1408", a_coding(SCT, "180771000146100")),
                q("999", a_coding(SCT, "1351964001")),
            ],
        ),
        q(
            "83",
            items=[
                decision_group(
                    "1409",
                    "1410",
                    "89666000",
                    "1386",
                    "2",
                    [q("1002", a_text("Besproken met dochter"))],
                ),
                decision_group(
                    "1411",
                    "1412",
                    "40617009",
                    "1387",
                    "1",
                    [q("1388", a_text("Alleen kortdurend"))],
                ),
                q(
                    "1421",
                    items=[
                        q("1422", a_coding(NULL_FLAVOR, "OTH", "Other")),
                        q(
                            "1402",
                            a_coding(
                                BEHANDEL_BESLUIT,
                                "2",
                                items=[q("1404", a_text("Alleen de bovenstaande afspraken"))],
                            ),
                        ),
                    ],
                ),
                q(
                    "1006",
                    a_coding(
                        SCT,
                        "373066001",
                        "Ja",
                        items=[q("1008", a_coding(None, "ICD")), q("1009", a_text("Uit 2018"))],
                    ),
                ),
                q(
                    "1425",
                    items=[
                        q("1426", a_coding(SCT, "400231000146108")),
                        q(
                            "1005",
                            a_coding(
                                NULL_FLAVOR, "NASK", items=[q("1010", a_text("Nog niet aan toe"))]
                            ),
                        ),
                    ],
                ),
            ],
        ),
        q(
            "107",
            items=[
                q(
                    "1429",
                    items=[
                        q("1430", a_coding(SCT, "395091006")),
                        q(
                            "1191",
                            a_coding(
                                NULL_FLAVOR, "UNK", items=[q("1192", a_text("Niet besproken"))]
                            ),
                        ),
                    ],
                ),
            ],
        ),
        q(
            "115",
            items=[
                q("1197", a_coding(SCT, "373066001", items=[q("1198", a_text("Uit 2019"))])),
                q("1199", a_coding(SCT, "373067005")),
            ],
        ),
        q(
            "119",
            items=[
                q("1200", a_coding(None, "1", "Ja")),
                q("1201", a_coding(SCT, "441898007")),
            ],
        ),
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": rid,
        "meta": {"versionId": "1", "lastUpdated": "2025-08-25T19:14:51Z"},
        "questionnaire": canonical,
        "status": "completed",
        "authored": "2025-08-25T19:14:50.150Z",
        "item": items,
    }


def flat_response(rid: str = "qr-flat") -> Json:
    """A sloppier sender: unversioned canonical, children of questions in item.item, codes
    without system, an unknown linkId."""
    return {
        "resourceType": "QuestionnaireResponse",
        "id": rid,
        "questionnaire": URL,
        "status": "completed",
        "authored": "2024-05-02T10:00:00+02:00",
        "item": [
            q("963", {"valueDateTime": "2024-05-01"}),
            q(
                "83",
                items=[
                    q(
                        "1409",
                        items=[
                            q("1386", a_coding(None, "2"), items=[q("1002", a_text("Plat"))]),
                        ],
                    ),
                    q(
                        "1006",
                        a_coding(None, "373066001"),
                        items=[q("1009", a_text("Plat ook"))],
                    ),
                ],
            ),
            q("9999", a_text("onbekend"), items=[q("1196", a_text("Toch gelezen"))]),
            q("598", items=[q("1196", a_text("Muziek"))]),
            q("119", items=[q("1201", a_coding(SCT, "999999999", "Iets anders"))]),
        ],
    }


def read(
    *resources: Json, conversations: tuple[Conversation, ...] = ()
) -> tuple[list[Conversation], list[RecordedItem], ReadContext]:
    ctx = ReadContext(SOURCE, resources)
    for conversation in conversations:
        ctx.conversations[conversation.ref.reference] = conversation
    found_conversations, items = read_questionnaire_responses(ctx)
    return found_conversations, items, ctx


def item(items: list[RecordedItem], item_id: ItemId, qualifier: str = "") -> RecordedItem:
    found = [i for i in items if i.key == ItemKey(item_id, qualifier)]
    assert len(found) == 1, f"{item_id}: {found}"
    return found[0]


def bb(code: str) -> Coding:
    """A BehandelBesluit coding as the reader gives it (with the form's Dutch display)."""
    labels = {"0": "Wel uitvoeren", "1": "Anders", "2": "Niet uitvoeren"}
    return Coding(BEHANDEL_BESLUIT, code, labels[code])


def concepts(values: Any) -> list[Any]:
    """Values with codings reduced to system + code (displays are not compared)."""
    if isinstance(values, tuple) and values and isinstance(values[0], Answer):
        return [(a.link_id, concepts([a.value])[0], a.repeat) for a in values]
    return [v.concept if isinstance(v, Coding) else v for v in values]


# --- reading ----------------------------------------------------------------------------------


def test_reads_the_items_of_an_ig_style_response() -> None:
    conversations, items, ctx = read(ig_style_response())
    assert ctx.problems == []
    resuscitation = item(items, ItemId.RESUSCITATION)
    assert concepts(resuscitation.answers) == [
        ("1386", bb("2").concept, 0),
        ("1002", "Besproken met dochter", 0),
    ]
    # The form's Dutch display replaces whatever the sender wrote.
    assert resuscitation.answer("1386") == Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")
    assert resuscitation.answer("1386").display == "Niet uitvoeren"  # type: ignore[union-attr]
    ventilation = item(items, ItemId.VENTILATION)
    assert ventilation.answer("1388") == "Alleen kortdurend"
    assert concepts(item(items, ItemId.TREATMENT_GOAL).answers_to("999")) == concepts(
        [Coding(SCT, "1351964001")]
    )
    assert item(items, ItemId.LEGAL_CAPACITY).answers_to("1407") == ["Helder van geest"]
    assert concepts(item(items, ItemId.ICD).answers_to("1008")) == concepts([Coding(None, "ICD")])
    deactivation = item(items, ItemId.ICD_DEACTIVATION)
    assert concepts(deactivation.answers_to("1005")) == concepts([Coding(NULL_FLAVOR, "NASK")])
    assert deactivation.answers_to("1010") == ["Nog niet aan toe"]
    origin = resuscitation.origin
    assert (origin.kind, origin.reference, origin.version) == (
        OriginKind.QUESTIONNAIRE_RESPONSE,
        "QuestionnaireResponse/qr-2020",
        "1",
    )
    assert len(conversations) == 1


def test_fixed_concepts_are_never_answers() -> None:
    _, items, _ = read(ig_style_response())
    fixed = {"1408", "1410", "1412", "1414", "1416", "1418", "1420", "1426", "1428", "1430"}
    for found in items:
        assert not fixed & {a.link_id for a in found.answers}, found.key
    # 1422 carrying only its fixed option NF OTH: the "other" limit has no name.
    other = item(items, ItemId.OTHER_LIMIT)
    assert other.answers_to("1422") == []
    assert "no-name" in other.notes
    assert other.answers_to("1402") == [bb("2")]


def test_items_only_in_the_form_are_read() -> None:
    """7a, 7b and 8b have no method-1 resource (spec §7 item 10)."""
    _, items, _ = read(ig_style_response())
    previous = item(items, ItemId.PREVIOUS_AGREEMENTS)
    assert concepts(previous.answers_to("1197")) == concepts([Coding(SCT, "373066001")])
    assert previous.answers_to("1198") == ["Uit 2019"]
    assert concepts(item(items, ItemId.PREVIOUS_AGREEMENTS_DIFFER).answers_to("1199")) == concepts(
        [Coding(SCT, "373067005")]
    )
    assert concepts(item(items, ItemId.SHARING_CONSENT).answers_to("1201")) == concepts(
        [Coding(SCT, "441898007")]
    )
    assert concepts(item(items, ItemId.INFORMED_RELATIVES).answers_to("1200")) == concepts(
        [Coding(None, "1")]
    )


def test_repeats_number_group_instances_and_repeating_answers() -> None:
    _, items, _ = read(ig_style_response())
    representative = item(items, ItemId.LEGAL_REPRESENTATIVE)
    phones = [(a.value, a.repeat) for a in representative.answers if a.link_id == "976"]
    assert phones == [("0612345678", 0), ("0201234567", 1)]
    roles = [(a.value, a.repeat) for a in representative.answers if a.link_id == "982"]
    assert roles == [
        (Coding(ROL472, "24", "Wettelijke vertegenwoordiger"), 0),
        (Coding(ROL472, "09", "Anders"), 1),
    ]
    # The text of the "Anders" role belongs to the item (repeat 0: no repeating group).
    assert [(a.value, a.repeat) for a in representative.answers if a.link_id == "411"] == [
        ("Zaakwaarnemer", 0)
    ]
    assert concepts(representative.answers_to("984")) == concepts([Coding(None, "1")])


def test_children_in_item_item_and_codes_without_system_are_read() -> None:
    """Spec §7 items 13 and 20: lenient nesting, codes matched within their linkId."""
    _, items, _ = read(flat_response())
    resuscitation = item(items, ItemId.RESUSCITATION)
    assert resuscitation.answers_to("1386") == [bb("2")]
    assert resuscitation.answer("1386").system == BEHANDEL_BESLUIT  # type: ignore[union-attr]
    assert resuscitation.answers_to("1002") == ["Plat"]
    icd = item(items, ItemId.ICD)
    assert concepts(icd.answers_to("1006")) == concepts([Coding(SCT, "373066001")])
    assert icd.answers_to("1009") == ["Plat ook"]


def test_unknown_link_ids_are_problems_not_crashes() -> None:
    _, items, ctx = read(flat_response())
    assert [p.message for p in ctx.problems] == [
        "onbekende vraag (linkId '9999') in vragenlijstantwoord genegeerd"
    ]
    assert all(p.reference == "QuestionnaireResponse/qr-flat" for p in ctx.problems)
    # What is under the unknown item is still read.
    assert item(items, ItemId.OTHER_IMPORTANT).answers_to("1196") == ["Toch gelezen", "Muziek"]


def test_unknown_codes_are_kept_and_noted() -> None:
    _, items, _ = read(flat_response())
    sharing = item(items, ItemId.SHARING_CONSENT)
    assert concepts(sharing.answers_to("1201")) == concepts(
        [Coding(SCT, "999999999", "Iets anders")]
    )
    assert "unknown-code" in sharing.notes


def test_versioned_and_unversioned_canonicals_are_read_others_ignored() -> None:
    versioned = ig_style_response("a")
    unversioned = ig_style_response("b", canonical=URL)
    other_version = ig_style_response("c", canonical=f"{URL}|0.1.0")
    other_form = ig_style_response(
        "d", canonical="https://fhir.iknl.nl/fhir/Questionnaire/ACP-Administrative"
    )
    no_canonical = ig_style_response("e")
    del no_canonical["questionnaire"]
    # The same form under the canonical of earlier IG publications, with and without version.
    older = ig_style_response("f", canonical=f"{OLDER_URL}|beta3-20250828")
    older_unversioned = ig_style_response("g", canonical=OLDER_URL)
    other_older_form = ig_style_response(
        "h", canonical="https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-Administrative"
    )
    conversations, items, ctx = read(
        versioned,
        unversioned,
        other_version,
        other_form,
        no_canonical,
        older,
        older_unversioned,
        other_older_form,
    )
    origins = {i.origin.reference for i in items}
    assert origins == {
        "QuestionnaireResponse/a",
        "QuestionnaireResponse/b",
        "QuestionnaireResponse/c",
        "QuestionnaireResponse/f",
        "QuestionnaireResponse/g",
    }
    assert ctx.problems == []
    assert len(conversations) == 5

    # Read as the same form: the same items and answers as the current canonical gives.
    def answers_of(rid: str) -> dict[ItemKey, list[Any]]:
        reference = f"QuestionnaireResponse/{rid}"
        return {i.key: concepts(i.answers) for i in items if i.origin.reference == reference}

    assert answers_of("a")
    assert answers_of("f") == answers_of("a")
    assert answers_of("g") == answers_of("a")


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        (CANONICAL, True),
        (URL, True),
        (f"{OLDER_URL}|beta3-20250828", True),
        (OLDER_URL, True),
        (f"{OLDER_URL}/", True),
        ("https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020-other", False),
        ("https://example.org/Questionnaire/ACP-zib2020", False),
    ],
)
def test_form_canonicals(canonical: str, expected: bool) -> None:
    assert is_form_canonical(canonical) is expected
    response = {"resourceType": "QuestionnaireResponse", "questionnaire": canonical}
    assert is_form_response(response) is expected


def test_without_subject_encounter_and_author_it_is_a_conversation_of_its_own() -> None:
    conversations, items, _ = read(ig_style_response())
    (conversation,) = conversations
    assert conversation.ref == ConversationRef(SOURCE, "QuestionnaireResponse/qr-2020")
    assert conversation.questionnaire_responses == ("QuestionnaireResponse/qr-2020",)
    assert conversation.encounter is None
    assert conversation.date == ClinicalDate.parse("2020-10-01T16:27:36.364Z")
    assert conversation.professional == Professional(name="van der Berg", function=GP)
    assert conversation.patient_present is True
    assert conversation.attendees == (Attendee(relations=(Coding(ROLE_CODE, "DAUC", "Dochter"),)),)
    assert {i.conversation for i in items} == {conversation.ref}
    assert {i.professional for i in items} == {conversation.professional}


def test_item_963_is_the_date_not_authored() -> None:
    """Spec §7 item 4: the examples were authored years after the conversation."""
    _, items, _ = read(ig_style_response())
    assert {(i.recorded, i.date_basis) for i in items} == {
        (ClinicalDate.parse("2020-10-01T16:27:36.364Z"), DateBasis.CONVERSATION)
    }
    assert {i.last_updated for i in items} == {ClinicalDate.parse("2025-08-25T19:14:51Z")}


def test_without_963_authored_is_used_and_flagged() -> None:
    conversations, items, _ = read(ig_style_response(date=None))
    assert {(i.recorded, i.date_basis) for i in items} == {
        (ClinicalDate.parse("2025-08-25T19:14:50.150Z"), DateBasis.AUTHORED)
    }
    assert DateBasis.AUTHORED.uncertain
    assert "date-from-authored" in conversations[0].notes


def test_entered_in_error_and_stopped_are_errors() -> None:
    error = ig_style_response("err")
    error["status"] = "entered-in-error"
    stopped = ig_style_response("stop")
    stopped["status"] = "stopped"
    amended = ig_style_response("amended")
    amended["status"] = "amended"
    conversations, items, _ = read(error, stopped, amended)
    status = {(i.origin.reference, i.status) for i in items}
    assert status == {
        ("QuestionnaireResponse/err", RecordStatus.ERROR),
        ("QuestionnaireResponse/stop", RecordStatus.ERROR),
        ("QuestionnaireResponse/amended", RecordStatus.CURRENT),
    }
    by_ref = {c.ref.reference: c.status for c in conversations}
    assert by_ref["QuestionnaireResponse/err"] is RecordStatus.ERROR


def test_only_the_newest_version_of_a_response_is_read() -> None:
    first = ig_style_response("v")
    second = copy.deepcopy(first)
    second["meta"] = {"versionId": "2", "lastUpdated": "2025-09-01T10:00:00Z"}
    second["status"] = "amended"
    second["item"][0] = q("963", {"valueDateTime": "2020-10-02"})
    conversations, items, _ = read(first, second)
    assert len(conversations) == 1
    assert {i.origin.version for i in items} == {"2"}
    assert conversations[0].date == ClinicalDate.parse("2020-10-02")


def test_several_other_limits_are_one_item_each() -> None:
    response = ig_style_response()
    (section,) = [i for i in response["item"] if i["linkId"] == "83"]
    limits = section["item"]
    assert limits[2]["linkId"] == "1421"
    limits.insert(
        3,
        q(
            "1421",
            items=[
                q("1422", a_text("Sondevoeding")),
                q("1402", a_coding(BEHANDEL_BESLUIT, "0")),
            ],
        ),
    )
    limits.insert(
        4,
        q("1421", items=[q("1422", a_text("Dialyse")), q("1402", a_coding(NULL_FLAVOR, "UNK"))]),
    )
    _, items, _ = read(response)
    others = sorted(i.key.qualifier for i in items if i.key.item is ItemId.OTHER_LIMIT)
    assert others == ["", "dialyse", "sondevoeding"]
    assert concepts(item(items, ItemId.OTHER_LIMIT, "dialyse").answers) == [
        ("1422", "Dialyse", 0),
        ("1402", (NULL_FLAVOR, "UNK"), 0),
    ]


def test_a_response_of_another_patient_is_ignored() -> None:
    mine = ig_style_response("mine")
    mine["subject"] = {"reference": "Patient/p1"}
    theirs = ig_style_response("theirs")
    theirs["subject"] = {"reference": "Patient/p2"}
    patient = {"resourceType": "Patient", "id": "p1"}
    _, items, ctx = read(patient, mine, theirs)
    assert {i.origin.reference for i in items} == {"QuestionnaireResponse/mine"}
    # Reported (never silently dropped), without naming the other patient.
    assert [(p.reference, p.message) for p in ctx.problems] == [
        ("QuestionnaireResponse/theirs", OTHER_PATIENT)
    ]
    assert "p2" not in ctx.problems[0].message


# --- matching to the conversations read from Encounters --------------------------------------


def encounter_conversation(
    eid: str, date: str, professional: Professional | None
) -> tuple[Json, Conversation]:
    resource = {
        "resourceType": "Encounter",
        "id": eid,
        "status": "finished",
        "period": {"start": date},
    }
    conversation = Conversation(
        ref=ConversationRef(SOURCE, f"Encounter/{eid}"),
        date=ClinicalDate.parse(date),
        professional=professional,
        encounter=f"Encounter/{eid}",
        procedure=f"Procedure/p-{eid}",
    )
    return resource, conversation


def test_matched_by_encounter_reference() -> None:
    encounter, conversation = encounter_conversation("e1", "2020-10-01", None)
    response = ig_style_response()
    response["encounter"] = {"reference": "Encounter/e1"}
    conversations, items, _ = read(encounter, response, conversations=(conversation,))
    (enriched,) = conversations
    assert enriched.ref == conversation.ref
    assert enriched.questionnaire_responses == ("QuestionnaireResponse/qr-2020",)
    assert enriched.procedure == "Procedure/p-e1"
    # Gaps filled from the form's header.
    assert enriched.professional == Professional(name="van der Berg", function=GP)
    assert {i.conversation for i in items} == {conversation.ref}
    assert "date-mismatch" not in enriched.notes


def test_disagreement_between_963_and_the_encounter_is_flagged() -> None:
    """Spec §7 item 4: an IG example's 963 contradicts its own title."""
    encounter, conversation = encounter_conversation("e2", "2022-11-08", None)
    response = ig_style_response(date="2020-11-08T10:00:00Z")
    response["encounter"] = {"reference": "Encounter/e2"}
    conversations, items, _ = read(encounter, response, conversations=(conversation,))
    (enriched,) = conversations
    assert "date-mismatch" in enriched.notes
    assert enriched.date == ClinicalDate.parse("2022-11-08")  # the Encounter keeps its date
    assert all("date-mismatch" in i.notes for i in items)
    # Each record keeps its own date (what the data says).
    assert {i.recorded for i in items} == {ClinicalDate.parse("2020-11-08T10:00:00Z")}


def test_without_963_the_encounter_gives_the_date() -> None:
    encounter, conversation = encounter_conversation("e3", "2021-06-01T10:00:00+02:00", None)
    response = ig_style_response(date=None)
    response["encounter"] = {"reference": "Encounter/e3"}
    _, items, _ = read(encounter, response, conversations=(conversation,))
    assert {(i.recorded, i.date_basis) for i in items} == {
        (ClinicalDate.parse("2021-06-01T10:00:00+02:00"), DateBasis.CONVERSATION)
    }


def test_matched_by_day_and_professional_name() -> None:
    """Spec §7 item 3: no link in the IG's responses; the same local day and the same
    professional (the form has the name in parts; the Practitioner has initials)."""
    gp = Professional(name="J. van der Berg", function=GP, reference="PractitionerRole/r1")
    encounter, conversation = encounter_conversation("e4", "2020-10-01T14:00:00+02:00", gp)
    other_day_encounter, other_day = encounter_conversation("e5", "2020-10-02", gp)
    someone_else = Professional(name="A. de Vries", reference="PractitionerRole/r2")
    other_gp_encounter, other_gp = encounter_conversation("e6", "2020-10-01", someone_else)
    conversations, items, _ = read(
        encounter,
        other_day_encounter,
        other_gp_encounter,
        ig_style_response(),
        conversations=(conversation, other_day, other_gp),
    )
    assert len(conversations) == 3
    by_ref = {c.ref.reference: c for c in conversations}
    assert by_ref["Encounter/e4"].questionnaire_responses == ("QuestionnaireResponse/qr-2020",)
    assert by_ref["Encounter/e5"].questionnaire_responses == ()
    assert by_ref["Encounter/e6"].questionnaire_responses == ()
    assert {i.conversation for i in items} == {conversation.ref}


def test_matched_by_day_and_author_reference() -> None:
    gp = Professional(name="Dokter Berg", reference="PractitionerRole/r1")
    encounter, conversation = encounter_conversation("e7", "2020-10-01", gp)
    response = ig_style_response()
    response["author"] = {"reference": "PractitionerRole/r1"}
    conversations, items, _ = read(encounter, response, conversations=(conversation,))
    (enriched,) = conversations
    assert enriched.questionnaire_responses == ("QuestionnaireResponse/qr-2020",)
    assert {i.professional.reference for i in items if i.professional} == {"PractitionerRole/r1"}


def test_an_authored_date_is_never_matched_on_the_day() -> None:
    gp = Professional(name="Jan van der Berg")
    encounter, conversation = encounter_conversation("e8", "2025-08-25", gp)
    conversations, _, _ = read(
        encounter, ig_style_response(date=None), conversations=(conversation,)
    )
    assert len(conversations) == 2


def test_two_responses_of_one_conversation_are_both_listed() -> None:
    encounter, conversation = encounter_conversation("e9", "2020-10-01", None)
    first = ig_style_response("one")
    second = ig_style_response("two")
    for response in (first, second):
        response["encounter"] = {"reference": "Encounter/e9"}
    conversations, _, _ = read(encounter, first, second, conversations=(conversation,))
    (enriched,) = conversations
    assert enriched.questionnaire_responses == (
        "QuestionnaireResponse/one",
        "QuestionnaireResponse/two",
    )


# --- writing ----------------------------------------------------------------------------------

NOW = datetime(2024, 3, 12, 14, 0, tzinfo=UTC)


def write_context(
    attendees: tuple[Attendee, ...] = (),
    patient_present: bool = True,
    professional: Professional | None = None,
) -> WriteContext:
    return WriteContext(
        patient_reference="Patient/p1",
        conversation=NewConversation(
            identifier="4a1e8f53-1c2b-4d7e-8f90-1a2b3c4d5e6f",
            date=ClinicalDate.parse("2024-03-12T10:30:00+01:00"),
            professional=professional
            or Professional(name="Jan van der Berg", function=GP, reference="PractitionerRole/r1"),
            patient_present=patient_present,
            attendees=attendees,
        ),
    )


def change(item_id: ItemId, *answers: Answer, qualifier: str = "") -> ItemChange:
    return ItemChange(ItemKey(item_id, qualifier), answers)


def write(*changes: ItemChange, ctx: WriteContext | None = None) -> Json:
    response = build_questionnaire_response(ctx or write_context(), changes, now=NOW)
    QuestionnaireResponse.model_validate(response)
    return response


def node(items: list[Json], *path: str) -> Json:
    """The (single) item at ``path`` of linkIds, descending into item and answer.item."""
    current: Json = {"item": items}
    for link_id in path:
        candidates = [i for i in current.get("item", []) if i["linkId"] == link_id]
        for answer in current.get("answer", []):
            candidates += [i for i in answer.get("item", []) if i["linkId"] == link_id]
        assert len(candidates) == 1, f"{link_id}: {candidates}"
        current = candidates[0]
    return current


def test_the_response_header() -> None:
    ctx = write_context()
    response = write(change(ItemId.SHARING_CONSENT, Answer("1201", Coding(SCT, "441898007"))))
    assert response["questionnaire"] == CANONICAL
    assert response["status"] == "completed"
    assert response["subject"] == {"reference": "Patient/p1"}
    assert response["encounter"] == {"reference": ctx.encounter_url}
    assert response["author"] == {"reference": "PractitionerRole/r1"}
    assert response["authored"] == "2024-03-12T14:00:00+00:00"
    assert response["identifier"] == ctx.identifier("QuestionnaireResponse")
    items = response["item"]
    assert node(items, "963")["answer"] == [{"valueDateTime": "2024-03-12T10:30:00+01:00"}]
    name = [
        node(items, "8", "16", link)["answer"][0]["valueString"] for link in ("968", "969", "970")
    ]
    assert name == ["Jan", "van der", "Berg"]
    assert node(items, "8", "1405")["answer"] == [
        {"valueCoding": {"system": UZI_ROLE, "code": "01.015", "display": "Huisarts"}}
    ]
    assert node(items, "78", "82")["answer"] == [
        {"valueCoding": {"code": "Patiënt", "display": "Patiënt"}}
    ]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Jan van der Berg", ("Jan", "van der", "Berg")),
        ("J. de Vries-van Dam", ("J.", "de", "Vries-van Dam")),
        ("Anna Jansen", ("Anna", None, "Jansen")),
        ("Jansen", (None, None, "Jansen")),
        ("van Huissen", (None, "van", "Huissen")),
        ("Dr. Maria ter Horst", ("Dr. Maria", "ter", "Horst")),
    ],
)
def test_split_professional_name(name: str, parts: tuple[str | None, ...]) -> None:
    assert split_professional_name(name) == parts
    assert " ".join(p for p in parts if p) == name


def test_a_function_outside_the_form_is_not_written() -> None:
    agb = Professional(
        name="Jan van der Berg",
        function=Coding("urn:oid:2.16.840.1.113883.2.4.6.7", "0100", "Huisartsen"),
    )
    response = write(
        change(ItemId.SHARING_CONSENT, Answer("1201", Coding(SCT, "441898007"))),
        ctx=write_context(professional=agb),
    )
    assert [i["linkId"] for i in node(response["item"], "8")["item"]] == ["16"]
    assert "author" not in response


def test_only_changed_items_are_written() -> None:
    response = write(change(ItemId.RESUSCITATION, Answer("1386", bb("2"))))
    assert [i["linkId"] for i in response["item"]] == ["963", "8", "78", "83"]
    assert [i["linkId"] for i in node(response["item"], "83")["item"]] == ["1409"]


def test_questions_children_are_in_answer_item_groups_children_in_item() -> None:
    response = write(
        change(
            ItemId.VENTILATION,
            Answer("1387", bb("1")),
            Answer("1388", "Alleen kortdurend"),
            Answer("1389", "Besproken"),
        )
    )
    group = node(response["item"], "83", "1411")
    assert [i["linkId"] for i in group["item"]] == ["1412", "1387"]
    decision = group["item"][1]
    assert "item" not in decision
    (answer,) = decision["answer"]
    assert answer["valueCoding"]["code"] == "1"
    assert [(i["linkId"], i["answer"]) for i in answer["item"]] == [
        ("1388", [{"valueString": "Alleen kortdurend"}]),
        ("1389", [{"valueString": "Besproken"}]),
    ]


def test_fixed_concepts_are_written_in_every_written_group() -> None:
    response = write(
        change(ItemId.RESUSCITATION, Answer("1386", bb("0"))),
        change(ItemId.CARE_WISHES, Answer("1190", "Thuis blijven")),
        change(ItemId.OTHER_IMPORTANT, Answer("1196", "Muziek")),
        change(ItemId.TREATMENT_GOAL, Answer("999", Coding(SCT, "385987000"))),
    )
    items = response["item"]
    expected = {
        ("83", "1409", "1410"): "89666000",
        ("107", "1427", "1428"): "153851000146100",
        ("598", "1436"): "247751003",
        ("586", "1408"): "180771000146100",
    }
    for path, code in expected.items():
        (answer,) = node(items, *path)["answer"]
        assert answer["valueCoding"]["system"] == SCT
        assert answer["valueCoding"]["code"] == code
    # Groups that are not written carry no fixed concept either.
    with pytest.raises(AssertionError):
        node(items, "107", "1429")


def test_other_limit_name_is_free_text_and_each_limit_its_own_group() -> None:
    response = write(
        change(
            ItemId.OTHER_LIMIT,
            Answer("1422", "Dialyse"),
            Answer("1402", bb("2")),
            Answer("1404", "Niet meer starten"),
            qualifier="dialyse",
        ),
        change(ItemId.OTHER_LIMIT, Answer("1402", bb("0")), qualifier=""),
    )
    groups = node(response["item"], "83")["item"]
    assert [g["linkId"] for g in groups] == ["1421", "1421"]
    assert groups[0]["item"][0] == {
        "linkId": "1422",
        "text": "Behandeling",
        "answer": [{"valueString": "Dialyse"}],
    }
    # Without a name the fixed option is written.
    assert groups[1]["item"][0]["answer"] == [
        {"valueCoding": {"system": NULL_FLAVOR, "code": "OTH", "display": "Other"}}
    ]
    assert groups[0]["item"][1]["answer"][0]["item"][0]["linkId"] == "1404"


def test_repeating_groups_follow_the_repeat_numbers() -> None:
    response = write(
        change(
            ItemId.LEGAL_REPRESENTATIVE,
            Answer("975", "Wit"),
            Answer("976", "0612345678", 0),
            Answer("977", Coding(ADDRESS_USE, "MC"), 0),
            Answer("976", "0201234567", 1),
            Answer("980", "petra@example.org", 0),
            Answer("982", Coding(ROL472, "24"), 0),
            Answer("982", Coding(ROL472, "09"), 1),
            Answer("411", "Zaakwaarnemer"),
        )
    )
    contact = node(response["item"], "26", "29", "39")
    assert [g["linkId"] for g in contact["item"]] == ["40", "40", "41"]
    phones = [[i["linkId"] for i in g["item"]] for g in contact["item"][:2]]
    assert phones == [["976", "977"], ["976"]]
    roles = node(response["item"], "26", "29", "982")
    assert [a["valueCoding"]["code"] for a in roles["answer"]] == ["24", "09"]
    # The "Anders" text goes under the "Anders" answer (its enableWhen).
    assert "item" not in roles["answer"][0]
    assert roles["answer"][1]["item"][0]["linkId"] == "411"


def test_attendees_are_written_in_section_2() -> None:
    ctx = write_context(
        attendees=(
            Attendee(
                name="Petra", roles=(Coding(ROL472, "15"),), relations=(Coding(ROLE_CODE, "DAUC"),)
            ),
            Attendee(roles=(Coding(ROL472, "24"),), relations=(Coding(ROLE_CODE, "GRNDSON"),)),
        ),
        patient_present=False,
    )
    response = write(
        change(ItemId.SHARING_CONSENT, Answer("1201", Coding(SCT, "441898007"))), ctx=ctx
    )
    section = node(response["item"], "78")
    assert [i["linkId"] for i in section["item"]] == ["997", "998"]
    roles = section["item"][0]["answer"]
    assert [a["valueCoding"]["code"] for a in roles] == ["15", "09"]
    assert roles[1]["item"][0]["answer"] == [{"valueString": "Wettelijke vertegenwoordiger"}]
    relations = section["item"][1]["answer"]
    assert [a["valueCoding"]["code"] for a in relations] == ["DAUC", "OTH"]
    assert relations[1]["item"][0]["linkId"] == "413"


def test_toelichting_without_decision_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"'1002'.*needs an answer to '1386'"):
        write(change(ItemId.RESUSCITATION, Answer("1002", "Alleen een toelichting")))


def test_answers_the_form_does_not_allow_are_errors() -> None:
    with pytest.raises(ValueError, match="not one of its answer options"):
        write(change(ItemId.RESUSCITATION, Answer("1386", Coding(SCT, "12345"))))
    with pytest.raises(ValueError, match="belongs to"):
        write(change(ItemId.RESUSCITATION, Answer("1190", "verkeerd item")))
    with pytest.raises(ValueError, match="not a question"):
        write(change(ItemId.RESUSCITATION, Answer("1410", Coding(SCT, "89666000"))))
    with pytest.raises(ValueError, match="no items"):
        write(change(ItemId.ADVANCE_DIRECTIVE, Answer("AD.type", Coding(None, "NR"))))
    with pytest.raises(ValueError, match="expected text"):
        write(change(ItemId.CARE_WISHES, Answer("1190", True)))
    with pytest.raises(ValueError, match="'1001' is only enabled when '1386'"):
        write(change(ItemId.RESUSCITATION, Answer("1386", bb("2")), Answer("1001", "Anders")))


def test_conditions_on_other_items_are_checked_when_both_are_written() -> None:
    ok = write(change(ItemId.ICD_DEACTIVATION, Answer("1005", bb("0"))))
    assert node(ok["item"], "83", "1425", "1005")
    with pytest.raises(ValueError, match="'1425' is only enabled"):
        write(
            change(ItemId.ICD, Answer("1006", Coding(SCT, "373067005"))),
            change(ItemId.ICD_DEACTIVATION, Answer("1005", bb("0"))),
        )


def test_method1_only_fields_are_not_written() -> None:
    response = write(
        change(
            ItemId.CARE_WISHES,
            Answer(
                "dataAbsentReason",
                Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-asked"),
            ),
        )
    )
    assert [i["linkId"] for i in response["item"]] == ["963", "8", "78"]


def test_written_answers_read_back_the_same() -> None:
    changes = (
        change(
            ItemId.LEGAL_REPRESENTATIVE,
            Answer("973", "Petra"),
            Answer("976", "0612345678", 0),
            Answer("977", Coding(ADDRESS_USE, "MC", "Mobiel telefoonnummer"), 0),
            Answer("976", "0201234567", 1),
            Answer("982", Coding(ROL472, "24"), 0),
            Answer("982", Coding(ROL472, "09"), 1),
            Answer("411", "Zaakwaarnemer"),
        ),
        change(ItemId.RESUSCITATION, Answer("1386", bb("2")), Answer("1002", "Besproken")),
        change(
            ItemId.OTHER_LIMIT,
            Answer("1422", "Dialyse"),
            Answer("1402", bb("2")),
            qualifier="dialyse",
        ),
        change(
            ItemId.PREVIOUS_AGREEMENTS,
            Answer("1197", Coding(SCT, "373066001")),
            Answer("1198", "2019"),
        ),
        change(ItemId.LEGAL_CAPACITY, Answer("1406", Coding(None, "0"))),
    )
    ctx = write_context(attendees=(Attendee(roles=(Coding(ROL472, "09", "Buurvrouw"),)),))
    response = write(*changes, ctx=ctx)
    response["id"] = "written"
    conversations, items, read_ctx = read(response)
    assert read_ctx.problems == []
    for written in changes:
        found = item(items, written.key.item, written.key.qualifier)
        assert (
            found.signature
            == RecordedItem(written.key, written.answers, SOURCE, found.origin).signature
        ), written.key
    (conversation,) = conversations
    assert conversation.date == ctx.conversation.date
    assert conversation.professional == ctx.conversation.professional
    assert conversation.patient_present is True
    assert conversation.attendees == (Attendee(roles=(Coding(ROL472, "09", "Buurvrouw"),)),)


def test_a_decision_code_outside_behandelbesluit_is_not_shown_as_valid() -> None:
    """1386 answered with SNOMED "Nee": kept as received, and displayed as what it is — not
    a decision of the form — never as the answer "Nee"."""
    response = flat_response()
    decision = response["item"][1]["item"][0]["item"][0]
    assert decision["linkId"] == "1386"
    decision["answer"] = [a_coding(SCT, "373067005", "Nee")]
    _, items, _ = read(response)
    resuscitation = item(items, ItemId.RESUSCITATION)
    assert concepts(resuscitation.answers_to("1386")) == [(SCT, "373067005")]
    assert "unknown-code" in resuscitation.notes
    assert decision_of(resuscitation) is Decision.UNCLEAR
    assert display_value(resuscitation) == (
        "Niet eenduidig vastgelegd (geen besluit van het formulier: onbekende code SNOMED CT "
        "373067005 (Nee)) — raadpleeg de bron — Plat"
    )

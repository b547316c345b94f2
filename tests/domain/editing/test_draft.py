"""The draft: prefill, what counts as a change, and its JSON form."""

from __future__ import annotations

import json

import pytest

from pzp_desktop.domain.codes import ACT_CODE, ROL472, ROLE_CODE, UZI_ROLE, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.editing.draft import Draft, DraftFormatError
from pzp_desktop.domain.items import Answer, Attendee, ItemId, ItemKey, Professional, RecordStatus
from tests.domain.editing.support import (
    ANDERS,
    HOME,
    HOSPICE,
    HOSPITAL,
    NIET,
    NO,
    SCT_YES,
    WEL,
    YES,
    decision,
    key,
    loaded,
    new_draft,
    record,
)

RESUSCITATION = key(ItemId.RESUSCITATION)
PLACE = key(ItemId.PLACE_OF_DEATH)


def existing() -> list:
    return [
        record(ItemId.RESUSCITATION, decision(ItemId.RESUSCITATION, NIET)),
        record(ItemId.PLACE_OF_DEATH, [Answer("1191", HOME)], reference="Observation/o1"),
        record(ItemId.LEGAL_CAPACITY, [Answer("1406", YES)], reference="Patient/pat-1"),
    ]


def test_the_form_is_prefilled_with_the_current_values() -> None:
    draft = new_draft(existing())
    assert draft.answers(RESUSCITATION) == decision(ItemId.RESUSCITATION, NIET)
    assert draft.answer(PLACE, "1191") == HOME
    assert draft.baseline[RESUSCITATION].professional == "Anna Jansen"
    assert draft.baseline[RESUSCITATION].source == HOSPITAL
    assert draft.changes() == []
    assert draft.answers(key(ItemId.CARE_WISHES)) == ()


def test_changes_only_lists_changed_items() -> None:
    draft = new_draft(existing())
    draft.set_answer(PLACE, "1191", HOSPICE)
    # Touched, but set to the value it already had: not re-recorded.
    draft.set_answer(RESUSCITATION, "1386", Coding(NIET.system, NIET.code))
    changes = draft.changes()
    assert [c.key for c in changes] == [PLACE]
    assert changes[0].answers == (Answer("1191", HOSPICE),)
    assert draft.is_changed(PLACE)
    assert not draft.is_changed(RESUSCITATION)
    assert draft.changed_keys() == [PLACE]


def test_a_new_item_is_a_change_and_revert_undoes_it() -> None:
    draft = new_draft(existing())
    draft.set_answer(key(ItemId.CARE_WISHES), "1190", "Wil thuis sterven")
    assert [c.key for c in draft.changes()] == [key(ItemId.CARE_WISHES)]
    draft.revert(key(ItemId.CARE_WISHES))
    assert draft.changes() == []


def test_changes_are_in_form_order() -> None:
    draft = new_draft(existing())
    draft.set_answer(
        key(ItemId.SHARING_CONSENT), "1201", Coding("http://snomed.info/sct", "441898007")
    )
    draft.set_answer(RESUSCITATION, "1386", WEL)
    draft.set_answer(key(ItemId.LEGAL_CAPACITY), "1406", NO)
    assert [c.key.item for c in draft.changes()] == [
        ItemId.LEGAL_CAPACITY,
        ItemId.RESUSCITATION,
        ItemId.SHARING_CONSENT,
    ]


def test_disabled_answers_are_not_written() -> None:
    draft = new_draft(existing())
    draft.set_answers(RESUSCITATION, [Answer("1386", WEL), Answer("1001", "alleen bij X")])
    [change] = draft.changes()
    assert change.answers == (Answer("1386", WEL),)
    draft.set_answers(RESUSCITATION, [Answer("1386", ANDERS), Answer("1001", "alleen bij X")])
    [change] = draft.changes()
    assert change.answers == (Answer("1386", ANDERS), Answer("1001", "alleen bij X"))


def test_blank_texts_are_not_answers() -> None:
    draft = new_draft(existing())
    draft.set_answers(PLACE, [Answer("1191", HOME), Answer("1192", "   ")])
    assert draft.changes() == []


def test_an_emptied_item_is_not_written() -> None:
    draft = new_draft(existing())
    draft.set_answers(PLACE, [])
    assert draft.changed_keys() == [PLACE]
    assert draft.changes() == []


def test_untouched_items_are_not_written_when_a_rule_disables_their_prefill() -> None:
    items = [
        record(ItemId.ICD, [Answer("1006", SCT_YES), Answer("1008", Coding(None, "ICD"))]),
        record(ItemId.ICD_DEACTIVATION, [Answer("1005", WEL)]),
    ]
    draft = new_draft(items)
    draft.set_answers(
        key(ItemId.ICD), [Answer("1006", Coding("http://snomed.info/sct", "373067005"))]
    )
    assert [c.key for c in draft.changes()] == [key(ItemId.ICD)]


def test_an_ended_agreement_is_not_prefilled() -> None:
    draft = new_draft(
        [
            record(
                ItemId.RESUSCITATION,
                decision(ItemId.RESUSCITATION, NIET),
                status=RecordStatus.ENDED,
            )
        ]
    )
    assert draft.baseline[RESUSCITATION].ended
    assert draft.answers(RESUSCITATION) == ()
    draft.set_answer(RESUSCITATION, "1386", NIET)
    assert [c.key for c in draft.changes()] == [RESUSCITATION]


def test_a_proposal_that_was_never_agreed_is_not_prefilled() -> None:
    draft = new_draft(
        [
            record(
                ItemId.RESUSCITATION,
                decision(ItemId.RESUSCITATION, WEL),
                status=RecordStatus.PROPOSED,
            )
        ]
    )
    baseline = draft.baseline[RESUSCITATION]
    assert baseline.proposed
    assert not baseline.ended
    assert baseline.answers  # still known, shown as a proposal
    assert draft.answers(RESUSCITATION) == ()
    restored = Draft.from_json(json.loads(json.dumps(draft.to_json())))
    assert restored.baseline[RESUSCITATION].proposed


def test_other_limits_are_keyed_on_their_normalised_name() -> None:
    draft = new_draft()
    limit = draft.add_other_limit("  Sonde  Voeding ")
    assert limit == ItemKey(ItemId.OTHER_LIMIT, "sonde voeding")
    draft.set_answer(limit, "1402", NIET)
    [change] = draft.changes()
    assert change.answers == (Answer("1422", "Sonde  Voeding"), Answer("1402", NIET))
    with pytest.raises(ValueError, match="name"):
        draft.add_other_limit("  ")


def test_advance_directives_cannot_be_edited() -> None:
    draft = new_draft()
    with pytest.raises(ValueError, match="form has no items"):
        draft.set_answers(key(ItemId.ADVANCE_DIRECTIVE, "NR:1"), [])


def test_new_conversation_carries_the_draft_identifier() -> None:
    draft = new_draft()
    draft.update_conversation(patient_present=False, comment="Tweede gesprek")
    conversation = draft.new_conversation()
    assert conversation.identifier == draft.identifier
    assert conversation.patient_present is False
    assert conversation.comment == "Tweede gesprek"
    draft.update_conversation(date=None)
    with pytest.raises(ValueError, match="date"):
        draft.new_conversation()


def full_draft() -> Draft:
    draft = new_draft(existing(), tracked_versions={"Patient/pat-1": "3"})
    draft.update_conversation(
        professional=Professional(
            name="Anna Jansen",
            function=Coding(UZI_ROLE, "01.015", "Huisarts"),
            reference="PractitionerRole/rol-jansen",
        ),
        attendees=[
            Attendee(
                name="Marieke de Vries",
                roles=(Coding(ROL472, "24", "Wettelijke vertegenwoordiger"),),
                relations=(Coding(ROLE_CODE, "DAUC", "Dochter"),),
                reference="RelatedPerson/rp-1",
            )
        ],
        contact_class=Coding(ACT_CODE, "HH", "thuis"),
        comment="Gesprek thuis",
        organization="Organization/org-1",
        patient_present=False,
    )
    draft.set_answers(
        key(ItemId.LEGAL_REPRESENTATIVE),
        [
            Answer("973", "Marieke"),
            Answer("976", "06-12345678", 0),
            Answer("976", "020-1234567", 1),
            Answer("982", Coding(ROL472, "24"), 0),
            Answer("984", YES),
        ],
    )
    draft.set_answers(
        key(ItemId.ICD), [Answer("1006", SCT_YES), Answer("DEVICE.type", Coding("x", "y"))]
    )
    draft.set_answers(key(ItemId.CARE_WISHES), [Answer("1190", "Thuis blijven €✓")])
    draft.set_answers(key(ItemId.PREVIOUS_AGREEMENTS), [Answer("x.flag", True)])
    draft.set_answers(
        key(ItemId.PREVIOUS_AGREEMENTS_DIFFER),
        [Answer("x.date", ClinicalDate.parse("2025-02"))],
    )
    draft.add_other_limit("Dialyse")
    draft.push_attempts = 2
    return draft


def test_json_round_trip_keeps_everything() -> None:
    draft = full_draft()
    data = draft.to_json()
    text = json.dumps(data)  # plain JSON
    again = Draft.from_json(json.loads(text))
    assert again.to_json() == data
    assert again.identifier == draft.identifier
    assert again.conversation == draft.conversation
    assert again.baseline == draft.baseline
    assert again.fingerprint == draft.fingerprint
    assert again.edited == draft.edited
    assert again.tracked_versions == {"Patient/pat-1": "3"}
    assert again.push_attempts == 2
    assert again.changes() == draft.changes()
    assert Draft.loads(draft.dumps()).to_json() == data


@pytest.mark.parametrize(
    "broken",
    [
        b"not json",
        b"[]",
        b'{"format": 99}',
        b'{"format": 1}',
    ],
)
def test_a_broken_draft_is_a_format_error(broken: bytes) -> None:
    with pytest.raises(DraftFormatError):
        Draft.loads(broken)


def test_a_draft_with_a_bad_answer_is_a_format_error() -> None:
    data = full_draft().to_json()
    data["edited"][0]["answers"][0]["value"] = {"nothing": 1}
    with pytest.raises(DraftFormatError):
        Draft.from_json(data)


def test_rebase_takes_new_values_and_keeps_edits() -> None:
    draft = new_draft(existing(), tracked_versions={"Patient/pat-1": "1"})
    draft.set_answer(PLACE, "1191", HOSPICE)
    newer = [
        *existing(),
        record(
            ItemId.RESUSCITATION,
            decision(ItemId.RESUSCITATION, WEL),
            when="2026-03-01T10:00:00+01:00",
        ),
    ]
    changed = draft.rebase(loaded(newer), tracked_versions={"Patient/pat-1": "2"})
    assert changed == [RESUSCITATION]
    assert draft.answers(RESUSCITATION) == decision(ItemId.RESUSCITATION, WEL)
    assert draft.answer(PLACE, "1191") == HOSPICE
    assert draft.tracked_versions == {"Patient/pat-1": "2"}

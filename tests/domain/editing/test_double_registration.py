"""The four double-registration warnings, each with who, when and where, and their absence."""

from __future__ import annotations

from pzp_desktop.domain.editing.double_registration import (
    ChangeKind,
    DoubleRegistrationSettings,
    WarningKind,
    check_double_registration,
    detect_source_changes,
    same_day_conversations,
    same_value_recently,
)
from pzp_desktop.domain.items import Answer, ItemId, OriginKind, Professional, RecordStatus
from tests.domain.editing.support import (
    GP,
    HOME,
    HOSPICE,
    HOSPITAL,
    JANSEN,
    NIET,
    NO,
    VAN_DAM,
    WEL,
    YES,
    conversation,
    decision,
    key,
    loaded,
    new_draft,
    record,
)

PLACE = key(ItemId.PLACE_OF_DEATH)


def base_items() -> list:
    return [
        record(
            ItemId.PLACE_OF_DEATH,
            [Answer("1191", HOME)],
            when="2026-03-01T10:00:00+01:00",
            reference="Observation/home",
        )
    ]


# ---------------------------------------------------------------------------------------------
# 1. The same value recently


def hospice_recorded(when: str, **kwargs) -> object:
    return record(
        ItemId.PLACE_OF_DEATH,
        [Answer("1191", HOSPICE)],
        when=when,
        source=GP,
        professional=VAN_DAM,
        reference="Observation/hospice",
        **kwargs,
    )


def test_same_value_recorded_recently_in_another_source() -> None:
    # The latest value is "Thuis"; ten days ago the GP recorded "Hospice".
    items = [*base_items(), hospice_recorded("2026-03-02T09:00:00+01:00")]
    items[0] = record(
        ItemId.PLACE_OF_DEATH,
        [Answer("1191", HOME)],
        when="2026-03-05T10:00:00+01:00",
        reference="Observation/home",
    )
    draft = new_draft(items)
    draft.set_answer(PLACE, "1191", HOSPICE)
    [warning] = same_value_recently(draft, items)
    assert warning.kind is WarningKind.SAME_VALUE_RECENTLY
    assert warning.who == "Pieter van Dam"
    assert warning.where == GP
    assert warning.when is not None
    assert warning.when.display_date() == "02-03-2026"
    assert warning.key == PLACE
    assert warning.message == (
        "Gewenste plek van overlijden: dezelfde waarde (‘Hospice’) is op 02-03-2026 al "
        f"vastgelegd door Pieter van Dam in {GP}."
    )


def test_same_value_31_days_ago_is_not_recent() -> None:
    items = [*base_items(), hospice_recorded("2026-02-09T14:00:00+01:00")]  # 31 days earlier
    draft = new_draft(base_items())
    draft.set_answer(PLACE, "1191", HOSPICE)
    assert same_value_recently(draft, items) == []
    # The window is configurable.
    assert len(same_value_recently(draft, items, days=40)) == 1


def test_a_different_or_ended_value_is_not_a_double_registration() -> None:
    items = [
        *base_items(),
        hospice_recorded("2026-03-02T09:00:00+01:00", status=RecordStatus.ENDED),
        record(ItemId.RESUSCITATION, decision(ItemId.RESUSCITATION, NIET)),
    ]
    draft = new_draft(base_items())
    draft.set_answer(PLACE, "1191", HOSPICE)
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, WEL))
    assert same_value_recently(draft, items) == []


def test_one_warning_per_registration_even_when_stored_twice() -> None:
    # The same conversation stored as a resource and as a QuestionnaireResponse.
    resource = hospice_recorded("2026-03-02T09:00:00+01:00", conversation="Encounter/e1")
    form = record(
        ItemId.PLACE_OF_DEATH,
        [Answer("1191", HOSPICE)],
        when="2026-03-02T09:00:00+01:00",
        source=GP,
        professional=VAN_DAM,
        reference="QuestionnaireResponse/q1",
        conversation="Encounter/e1",
        kind=OriginKind.QUESTIONNAIRE_RESPONSE,
    )
    draft = new_draft(base_items())
    draft.set_answer(PLACE, "1191", HOSPICE)
    [warning] = same_value_recently(draft, [*base_items(), resource, form])
    assert warning.reference == "Observation/hospice"


# ---------------------------------------------------------------------------------------------
# 2. A conversation on the same date by the same professional


def test_conversation_on_the_same_day_by_the_same_professional() -> None:
    earlier = conversation("Encounter/e1", "2026-03-12T09:15:00+01:00", source=GP)
    draft = new_draft()
    [warning] = same_day_conversations(draft, [earlier])
    assert warning.kind is WarningKind.SAME_DAY_CONVERSATION
    assert warning.who == "Anna Jansen"
    assert warning.where == GP
    assert warning.when == earlier.date
    assert "Op 12-03-2026 is al een PZP-gesprek vastgelegd door Anna Jansen" in warning.message
    # Found by name when the reference differs (another source's PractitionerRole).
    by_name = conversation(
        "Encounter/e2",
        "2026-03-12T08:00:00+01:00",
        professional=Professional(name="anna  jansen", reference="PractitionerRole/other"),
    )
    assert len(same_day_conversations(draft, [by_name])) == 1


def test_same_date_other_professional_or_other_date_is_fine() -> None:
    draft = new_draft()
    others = [
        conversation("Encounter/e1", "2026-03-12T09:15:00+01:00", professional=VAN_DAM),
        conversation("Encounter/e2", "2026-03-11T09:15:00+01:00", professional=JANSEN),
        # 22:30 UTC on the 11th is 23:30 on the 11th in Amsterdam: another day.
        conversation("Encounter/e3", "2026-03-11T22:30:00Z", professional=JANSEN),
        # Withdrawn conversations do not count.
        conversation(
            "Encounter/e5",
            "2026-03-12T08:00:00+01:00",
            professional=JANSEN,
            status=RecordStatus.ERROR,
        ),
    ]
    assert same_day_conversations(draft, others) == []
    # 23:30 UTC on the 11th is 00:30 on the 12th in Amsterdam: the same day.
    late = conversation("Encounter/e4", "2026-03-11T23:30:00Z", professional=JANSEN)
    assert len(same_day_conversations(draft, [late])) == 1


# ---------------------------------------------------------------------------------------------
# 3. The launching system records PZP itself


def test_native_registration_warning_names_the_system() -> None:
    draft = new_draft(base_items())
    draft.set_answer(PLACE, "1191", HOSPICE)
    report = check_double_registration(
        draft, loaded(base_items()), DoubleRegistrationSettings(native_pzp_system="HiX")
    )
    [warning] = report.of_kind(WarningKind.NATIVE_REGISTRATION)
    assert warning.where == "HiX"
    assert warning.message.startswith("HiX legt proactieve zorgplanning zelf vast.")
    assert not report.review_required


def test_no_native_registration_warning_by_default() -> None:
    draft = new_draft(base_items())
    draft.set_answer(PLACE, "1191", HOSPICE)
    report = check_double_registration(draft, loaded(base_items()))
    assert report.warnings == ()
    assert not report.review_required


# ---------------------------------------------------------------------------------------------
# 4. The source changed since the editor loaded it


def test_nothing_changed() -> None:
    conversations = [conversation("Encounter/e1", "2026-03-01T10:00:00+01:00")]
    draft = new_draft(base_items(), conversations)
    changes = detect_source_changes(draft.fingerprint, base_items(), conversations, [HOSPITAL, GP])
    assert changes.changes == ()
    assert not changes.changed


def test_a_new_conversation_is_listed_with_its_items() -> None:
    draft = new_draft(base_items())
    new_items = [
        *base_items(),
        record(
            ItemId.RESUSCITATION,
            decision(ItemId.RESUSCITATION, NIET),
            when="2026-03-12T11:00:00+01:00",
            source=GP,
            professional=VAN_DAM,
            conversation="Encounter/new",
        ),
    ]
    new_conversation = conversation(
        "Encounter/new", "2026-03-12T11:00:00+01:00", source=GP, professional=VAN_DAM
    )
    report = check_double_registration(draft, loaded(new_items, [new_conversation]))
    assert report.review_required
    [change] = report.source_changes.changes
    assert change.kind is ChangeKind.NEW_CONVERSATION
    assert change.keys == (key(ItemId.RESUSCITATION),)
    assert change.message == (
        f"Nieuw PZP-gesprek op 12-03-2026 door Pieter van Dam in {GP} (Reanimatie)."
    )
    [warning] = report.of_kind(WarningKind.SOURCE_CHANGED)
    assert (warning.who, warning.where) == ("Pieter van Dam", GP)
    assert warning.when == new_conversation.date


def test_a_newer_version_of_an_item() -> None:
    capacity = record(
        ItemId.LEGAL_CAPACITY,
        [Answer("1406", YES)],
        reference="Patient/pat-1",
        version="2",
        professional=None,
    )
    draft = new_draft([capacity])
    newer = record(
        ItemId.LEGAL_CAPACITY,
        [Answer("1406", NO)],
        reference="Patient/pat-1",
        version="3",
        when="2026-03-12T12:00:00+01:00",
        professional=None,
    )
    changes = detect_source_changes(draft.fingerprint, [capacity, newer], [], [HOSPITAL, GP])
    [change] = changes.changes
    assert change.kind is ChangeKind.NEWER_VERSION
    assert change.reference == "Patient/pat-1"
    assert change.version == "3"
    assert change.keys == (key(ItemId.LEGAL_CAPACITY),)
    assert "nieuwe versie" in change.message
    assert f"in {HOSPITAL}" in change.message


def test_a_new_record_and_a_removed_record() -> None:
    draft = new_draft(base_items())
    other = record(ItemId.CARE_WISHES, [Answer("1190", "thuis")], reference="Observation/w")
    changes = detect_source_changes(draft.fingerprint, [other], [], [HOSPITAL, GP])
    kinds = sorted(c.kind.value for c in changes.changes)
    assert kinds == ["new-record", "removed"]


def test_a_source_that_did_not_answer_is_not_checked_and_not_removed() -> None:
    draft = new_draft(base_items())
    changes = detect_source_changes(draft.fingerprint, [], [], [GP])
    assert changes.changes == ()
    assert changes.unchecked_sources == (HOSPITAL,)
    report = check_double_registration(draft, loaded([], [], sources=[GP]))
    assert not report.review_required
    [warning] = report.of_kind(WarningKind.SOURCE_CHANGED)
    assert "niet gecontroleerd" in warning.message


def test_after_rebase_nothing_is_left_to_review() -> None:
    draft = new_draft(base_items())
    fresh = loaded(
        [
            *base_items(),
            record(ItemId.CARE_WISHES, [Answer("1190", "thuis")], reference="Observation/w"),
        ]
    )
    assert check_double_registration(draft, fresh).review_required
    draft.rebase(fresh)
    assert not check_double_registration(draft, fresh).review_required

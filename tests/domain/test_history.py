"""Per-conversation history (spec §4): what each conversation recorded and what changed."""

from __future__ import annotations

from pzp_desktop.domain.codes import SCT, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.history import ChangeKind, ConversationHistory, build_history
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Professional,
    RecordedItem,
    RecordStatus,
)
from tests.domain.test_consolidation import DENY, JANSEN, PERMIT, UNKNOWN, qr, rec

CARE_WISHES = ItemKey(ItemId.CARE_WISHES)
WISH_HOME = (Answer("1190", "Thuis sterven"),)


def conv(
    reference: str,
    when: str | None,
    *,
    source: str = "A",
    status: RecordStatus = RecordStatus.CURRENT,
    questionnaire_responses: tuple[str, ...] = (),
    professional: Professional | None = JANSEN,
) -> Conversation:
    return Conversation(
        ref=ConversationRef(source, reference),
        date=ClinicalDate.parse(when) if when else None,
        professional=professional,
        encounter=reference if reference.startswith("Encounter/") else None,
        questionnaire_responses=questionnaire_responses,
        status=status,
    )


def by_ref(histories: list[ConversationHistory]) -> dict[str, ConversationHistory]:
    return {str(h.conversation.ref): h for h in histories}


def test_new_changed_and_unchanged_per_conversation() -> None:
    convs = [
        conv("Encounter/1", "2020-03-01"),
        conv("Encounter/2", "2021-03-01"),
        conv("Encounter/3", "2022-03-01"),
    ]
    r1 = rec(PERMIT, ref="Consent/1", recorded="2020-03-01", conversation="Encounter/1")
    r2 = rec(PERMIT, ref="Consent/2", recorded="2021-03-01", conversation="Encounter/2")
    wish = rec(
        WISH_HOME,
        key=CARE_WISHES,
        ref="Observation/1",
        recorded="2021-03-01",
        conversation="Encounter/2",
    )
    r3 = rec(DENY, ref="Consent/3", recorded="2022-03-01", conversation="Encounter/3")
    histories = build_history(convs, [r3, wish, r1, r2])

    assert [h.conversation.ref.reference for h in histories] == [
        "Encounter/3",
        "Encounter/2",
        "Encounter/1",
    ]
    third, second, first = histories
    assert [(e.key, e.change, e.previous) for e in first.entries] == [
        (r1.key, ChangeKind.NEW, None)
    ]
    assert [(e.key.item, e.change) for e in second.entries] == [
        (ItemId.RESUSCITATION, ChangeKind.UNCHANGED),
        (ItemId.CARE_WISHES, ChangeKind.NEW),
    ]
    assert second.entries[0].recorded is r2
    assert second.entries[0].previous is r1
    (entry,) = third.entries
    assert entry.change is ChangeKind.CHANGED
    assert entry.recorded is r3
    assert entry.previous is r2  # the latest before, not the first


def test_previous_comes_from_any_source() -> None:
    convs = [conv("Encounter/h1", "2020-01-01", source="B"), conv("Encounter/1", "2022-01-01")]
    other_source = rec(
        PERMIT, source="B", ref="Consent/x", recorded="2020-01-01", conversation="Encounter/h1"
    )
    here = rec(DENY, ref="Consent/1", recorded="2022-01-01", conversation="Encounter/1")
    latest = by_ref(build_history(convs, [here, other_source], ("A", "B")))["A:Encounter/1"]
    (entry,) = latest.entries
    assert entry.previous is other_source
    assert entry.change is ChangeKind.CHANGED


def test_previous_uses_the_consolidation_ranking() -> None:
    # Two earlier records on the same day in two sources: the launching source's wins.
    convs = [
        conv("Encounter/a", "2020-01-01", source="A"),
        conv("Encounter/b", "2020-01-01", source="B", professional=None),
        conv("Encounter/2", "2022-01-01"),
    ]
    from_a = rec(
        PERMIT, source="A", ref="Consent/a", recorded="2020-01-01", conversation="Encounter/a"
    )
    from_b = rec(
        DENY, source="B", ref="Consent/b", recorded="2020-01-01", conversation="Encounter/b"
    )
    now = rec(DENY, ref="Consent/2", recorded="2022-01-01", conversation="Encounter/2")
    for order, expected in ((("A", "B"), from_a), (("B", "A"), from_b)):
        histories = by_ref(build_history(convs, [from_b, now, from_a], order))
        (entry,) = histories["A:Encounter/2"].entries
        assert entry.previous is expected


def test_ordering_newest_first_undated_last_errors_left_out() -> None:
    convs = [
        conv("Encounter/old", "2019-05-01"),
        conv("Encounter/undated", None),
        conv("Encounter/z", "2022-05-01", source="B"),
        conv("Encounter/y", "2022-05-01", source="A"),
        conv("Encounter/withdrawn", "2023-01-01", status=RecordStatus.ERROR),
        conv("Encounter/new", "2022-05-01T15:00"),
    ]
    histories = build_history(convs, [], ("A", "B"))
    assert [str(h.conversation.ref) for h in histories] == [
        "A:Encounter/new",
        "A:Encounter/y",  # equal dates: launching source first
        "B:Encounter/z",
        "A:Encounter/old",
        "A:Encounter/undated",
    ]
    assert all(h.entries == () for h in histories)


def test_entries_are_in_form_order() -> None:
    c = conv("Encounter/1", "2022-01-01")

    def here(item_id: ItemId, qualifier: str = "") -> RecordedItem:
        return rec(
            UNKNOWN,
            key=ItemKey(item_id, qualifier),
            ref=f"Consent/{item_id.value}{qualifier}",
            conversation="Encounter/1",
        )

    items = [
        here(ItemId.SHARING_CONSENT),
        here(ItemId.OTHER_LIMIT, "sondevoeding"),
        here(ItemId.RESUSCITATION),
        here(ItemId.OTHER_LIMIT, "dialyse"),
        here(ItemId.LEGAL_CAPACITY),
    ]
    (history,) = build_history([c], items)
    assert [(e.key.item, e.key.qualifier) for e in history.entries] == [
        (ItemId.LEGAL_CAPACITY, ""),
        (ItemId.RESUSCITATION, ""),
        (ItemId.OTHER_LIMIT, "dialyse"),
        (ItemId.OTHER_LIMIT, "sondevoeding"),
        (ItemId.SHARING_CONSENT, ""),
    ]


def test_resources_and_questionnaire_response_give_one_entry() -> None:
    c = conv("Encounter/1", "2022-01-01", questionnaire_responses=("QuestionnaireResponse/q1",))
    consent = rec(DENY, ref="Consent/1", recorded="2022-01-01", conversation="Encounter/1")
    form = qr(DENY, recorded="2022-01-01", conversation="Encounter/1")
    only_in_form = qr(
        (Answer("1201", Coding(SCT, "441898007", "Akkoord")),),
        key=ItemKey(ItemId.SHARING_CONSENT),
        recorded="2022-01-01",
        conversation="Encounter/1",
    )
    (history,) = build_history([c], [form, only_in_form, consent])
    resuscitation, sharing = history.entries
    assert resuscitation.recorded is consent
    assert resuscitation.same_event == (form,)
    assert resuscitation.differing == ()
    assert resuscitation.change is ChangeKind.NEW
    assert sharing.recorded is only_in_form
    assert sharing.key.item is ItemId.SHARING_CONSENT


def test_questionnaire_response_items_are_found_through_the_conversation_aliases() -> None:
    c = conv("Encounter/1", "2022-01-01", questionnaire_responses=("QuestionnaireResponse/q1",))
    form = qr(PERMIT, recorded="2022-01-01", conversation="QuestionnaireResponse/q1")
    (history,) = build_history([c], [form])
    (entry,) = history.entries
    assert entry.recorded is form


def test_methods_that_disagree_within_one_conversation_are_shown() -> None:
    c = conv("Encounter/1", "2022-01-01")
    consent = rec(DENY, ref="Consent/1", recorded="2022-01-01", conversation="Encounter/1")
    form = qr(PERMIT, recorded="2022-01-01", conversation="Encounter/1")
    (history,) = build_history([c], [consent, form])
    (entry,) = history.entries
    assert entry.recorded is consent
    assert entry.differing == (form,)


def test_the_same_conversation_in_another_source_is_not_previous() -> None:
    convs = [
        conv("Encounter/1", "2020-01-01"),
        conv("Encounter/2", "2022-01-01"),
        conv("Encounter/m2", "2022-01-01", source="B"),
    ]
    first = rec(PERMIT, ref="Consent/1", recorded="2020-01-01", conversation="Encounter/1")
    second = rec(DENY, ref="Consent/2", recorded="2022-01-01", conversation="Encounter/2")
    mirror = rec(
        DENY, source="B", ref="Consent/m", recorded="2022-01-01", conversation="Encounter/m2"
    )
    histories = by_ref(build_history(convs, [mirror, second, first], ("A", "B")))
    for ref in ("A:Encounter/2", "B:Encounter/m2"):
        (entry,) = histories[ref].entries
        assert entry.previous is first
        assert entry.change is ChangeKind.CHANGED


def test_a_record_counts_at_its_conversation_date_on_the_timeline() -> None:
    # Spec §7 item 5: a Consent dated 2022 linked to a 2020 conversation.
    convs = [conv("Encounter/1", "2020-06-01"), conv("Encounter/2", "2021-06-01")]
    late_dated = rec(DENY, ref="Consent/1", recorded="2022-01-01", conversation="Encounter/1")
    middle = rec(PERMIT, ref="Consent/2", recorded="2021-06-01", conversation="Encounter/2")
    histories = by_ref(build_history(convs, [middle, late_dated]))
    (entry,) = histories["A:Encounter/2"].entries
    assert entry.previous is late_dated
    assert entry.change is ChangeKind.CHANGED
    (first,) = histories["A:Encounter/1"].entries
    assert first.previous is None


def test_ending_an_agreement_is_a_change() -> None:
    convs = [conv("Encounter/1", "2020-01-01"), conv("Encounter/2", "2022-01-01")]
    agreed = rec(DENY, ref="Consent/1", recorded="2020-01-01", conversation="Encounter/1")
    ended = rec(
        DENY,
        ref="Consent/2",
        recorded="2022-01-01",
        conversation="Encounter/2",
        status=RecordStatus.ENDED,
    )
    histories = by_ref(build_history(convs, [agreed, ended]))
    (entry,) = histories["A:Encounter/2"].entries
    assert entry.change is ChangeKind.CHANGED


def test_entered_in_error_records_are_ignored() -> None:
    convs = [conv(f"Encounter/{n}", f"202{n}-01-01") for n in (1, 2, 3)]
    first = rec(PERMIT, ref="Consent/1", recorded="2021-01-01", conversation="Encounter/1")
    withdrawn = rec(
        DENY,
        ref="Consent/2",
        recorded="2022-01-01",
        conversation="Encounter/2",
        status=RecordStatus.ERROR,
    )
    third = rec(PERMIT, ref="Consent/3", recorded="2023-01-01", conversation="Encounter/3")
    histories = by_ref(build_history(convs, [first, withdrawn, third]))
    assert histories["A:Encounter/2"].entries == ()
    (entry,) = histories["A:Encounter/3"].entries
    assert entry.previous is first
    assert entry.change is ChangeKind.UNCHANGED


def test_undated_conversation_uses_its_records_own_date() -> None:
    convs = [conv("Encounter/1", "2020-01-01"), conv("QuestionnaireResponse/q9", None)]
    first = rec(PERMIT, ref="Consent/1", recorded="2020-01-01", conversation="Encounter/1")
    undated_conv = qr(
        DENY,
        ref="QuestionnaireResponse/q9",
        recorded="2021-01-01",
        basis=DateBasis.AUTHORED,
        conversation="QuestionnaireResponse/q9",
    )
    histories = build_history(convs, [first, undated_conv])
    assert [h.conversation.ref.reference for h in histories] == [
        "Encounter/1",
        "QuestionnaireResponse/q9",
    ]
    (entry,) = histories[1].entries
    assert entry.previous is first
    assert entry.change is ChangeKind.CHANGED


def test_nothing_dated_means_nothing_before() -> None:
    c = conv("QuestionnaireResponse/q9", None)
    earlier = rec(PERMIT, ref="Consent/1", recorded="2020-01-01")
    undated = qr(DENY, ref="QuestionnaireResponse/q9", recorded=None, conversation=c.ref.reference)
    (history,) = build_history([c], [earlier, undated])
    (entry,) = history.entries
    assert entry.previous is None
    assert entry.change is ChangeKind.NEW


def test_records_without_conversation_count_as_previous() -> None:
    # Legal capacity from the Patient (no conversation link), then confirmed in a form.
    capable = (Answer("1406", Coding(None, "1")),)
    key = ItemKey(ItemId.LEGAL_CAPACITY)
    from_patient = rec(
        capable,
        key=key,
        ref="Patient/1",
        version="3",
        recorded="2021-02-03T10:00:00Z",
        basis=DateBasis.LAST_UPDATED,
        professional=None,
    )
    c = conv("Encounter/1", "2022-01-01")
    in_form = qr(capable, key=key, recorded="2022-01-01", conversation="Encounter/1")
    (history,) = build_history([c], [in_form, from_patient])
    (entry,) = history.entries
    assert entry.previous is from_patient
    assert entry.change is ChangeKind.UNCHANGED


def test_an_entry_whose_consent_has_ended_is_ended() -> None:
    c = conv("Encounter/1", "2022-11-08", questionnaire_responses=("QuestionnaireResponse/q1",))
    consent = rec(
        DENY,
        ref="Consent/1",
        recorded="2022-11-07",
        conversation="Encounter/1",
        status=RecordStatus.ENDED,
    )
    form = qr(DENY, recorded="2022-11-08", conversation="Encounter/1")
    (history,) = build_history([c], [form, consent])
    (entry,) = history.entries
    assert entry.ended
    assert entry.recorded is consent
    assert entry.same_event == (form,)
    assert entry.differing == ()

"""Latest value per item (spec §3.2): tie-breaks, conflicts, dates, statuses, versioning."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, SCT, Coding
from pzp_desktop.domain.consolidation import ConsolidatedItem, Ranking, consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import (
    Answer,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)

RESUSCITATION = ItemKey(ItemId.RESUSCITATION)
PERMIT = (Answer("1386", Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")),)
DENY = (Answer("1386", Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")),)
DENY_EN = (Answer("1386", Coding(BEHANDEL_BESLUIT, "2", "Do not perform")),)
UNKNOWN = (Answer("1386", Coding(NULL_FLAVOR, "UNK", "Onbekend")),)
JANSEN = Professional("Dr. A. Jansen", reference="PractitionerRole/jansen")


def rec(
    answers: tuple[Answer, ...] = DENY,
    *,
    key: ItemKey = RESUSCITATION,
    source: str = "A",
    ref: str = "Consent/1",
    version: str | None = None,
    kind: OriginKind = OriginKind.RESOURCE,
    recorded: str | None = "2022-11-08",
    basis: DateBasis = DateBasis.RECORD,
    status: RecordStatus = RecordStatus.CURRENT,
    conversation: str | None = None,
    professional: Professional | None = JANSEN,
    updated: str | None = None,
) -> RecordedItem:
    """A RecordedItem as a reader would produce it (dates as FHIR text)."""
    return RecordedItem(
        key=key,
        answers=answers,
        source=source,
        origin=Origin(kind, ref, version),
        recorded=ClinicalDate.parse(recorded) if recorded else None,
        date_basis=basis if recorded else DateBasis.NONE,
        status=status,
        conversation=ConversationRef(source, conversation) if conversation else None,
        professional=professional,
        last_updated=ClinicalDate.parse(updated) if updated else None,
    )


def qr(answers: tuple[Answer, ...] = DENY, **kwargs: Any) -> RecordedItem:
    """The same, read from a QuestionnaireResponse."""
    kwargs.setdefault("ref", "QuestionnaireResponse/q1")
    return rec(answers, kind=OriginKind.QUESTIONNAIRE_RESPONSE, **kwargs)


def only(records: list[RecordedItem], order: tuple[str, ...] = ("A", "B")) -> ConsolidatedItem:
    """The consolidated resuscitation item, checked to be the same for every input order."""
    results = {
        repr(consolidate(list(p), order).get(ItemId.RESUSCITATION))
        for p in itertools.islice(itertools.permutations(records), 24)
    }
    assert len(results) == 1, "the result depends on the input order"
    item = consolidate(records, order).get(ItemId.RESUSCITATION)
    assert item is not None
    return item


# --- the latest value -------------------------------------------------------------------------


def test_latest_is_the_newest_clinical_date_not_the_input_order() -> None:
    old = rec(PERMIT, ref="Consent/1", recorded="2020-11-08", updated="2024-01-01T00:00:00Z")
    new = rec(DENY, ref="Consent/2", recorded="2022-11-08", updated="2022-11-08T12:00:00Z")
    item = only([new, old])
    assert item.current is new
    assert item.older == (old,)
    assert item.older_differs
    assert not item.conflicts
    assert not item.ended
    assert not item.date_uncertain


def test_older_with_the_same_value_does_not_differ() -> None:
    old = rec(DENY, ref="Consent/1", recorded="2020-11-08", professional=None)
    new = rec(DENY_EN, ref="Consent/2", recorded="2022-11-08", professional=None)
    item = only([old, new])
    assert item.current is new
    assert item.older == (old,)
    assert not item.older_differs  # displays differ, system+code do not


def test_missing_date_counts_as_oldest() -> None:
    undated = rec(PERMIT, ref="Consent/1", recorded=None, updated="2025-01-01T00:00:00Z")
    dated = rec(DENY, ref="Consent/2", recorded="2019-01-01")
    item = only([undated, dated])
    assert item.current is dated
    assert item.older == (undated,)


def test_only_undated_records_are_uncertain() -> None:
    item = only([rec(recorded=None)])
    assert item.current.recorded is None
    assert item.date_uncertain


@pytest.mark.parametrize(
    ("basis", "uncertain"),
    [
        (DateBasis.RECORD, False),
        (DateBasis.CONVERSATION, False),
        (DateBasis.AUTHORED, True),
        (DateBasis.LAST_UPDATED, True),
    ],
)
def test_date_uncertain_follows_the_basis_of_the_latest(basis: DateBasis, uncertain: bool) -> None:
    older_certain = rec(ref="Consent/1", recorded="2020-01-01")
    latest = rec(ref="Consent/2", recorded="2023-01-01", basis=basis)
    assert only([older_certain, latest]).date_uncertain is uncertain


def test_same_instant_in_other_time_zone_is_the_same_date() -> None:
    a = rec(DENY, source="A", ref="Consent/1", recorded="2022-11-08T10:00:00+01:00")
    b = rec(PERMIT, source="B", ref="Consent/9", recorded="2022-11-08T09:00:00Z")
    item = only([a, b])
    assert item.current is a  # launching source A
    assert item.conflicts == (b,)


def test_a_time_on_the_same_day_cannot_be_ordered_against_the_date_only() -> None:
    day = rec(PERMIT, source="B", ref="Consent/1", recorded="2022-11-08", professional=None)
    timed = rec(DENY, source="A", ref="Consent/2", recorded="2022-11-08T14:00", professional=None)
    item = only([day, timed])
    assert item.current is timed  # ranks first, but is no silent winner
    assert item.conflicts == (day,)  # the same day: which came later is unknown
    assert item.older_differs


# --- ties ------------------------------------------------------------------------------------


def test_equal_dates_same_source_later_last_updated_wins_without_conflict() -> None:
    first = rec(PERMIT, ref="Consent/1", updated="2022-11-08T10:00:00Z")
    second = rec(DENY, ref="Consent/2", updated="2022-11-08T11:00:00Z")
    item = only([second, first])
    assert item.current is second
    assert item.older == (first,)
    assert not item.conflicts  # one server's timestamps decide reliably


def test_equal_dates_same_source_without_last_updated_is_a_conflict() -> None:
    a = rec(PERMIT, ref="Consent/1")
    b = rec(DENY, ref="Consent/2")
    item = only([a, b])
    assert item.current is a  # final tie-break: reference
    assert item.conflicts == (b,)


def test_equal_dates_launching_source_wins_and_the_other_is_a_conflict() -> None:
    a = rec(PERMIT, source="A", ref="Consent/1", updated="2022-11-08T10:00:00Z")
    b = rec(DENY, source="B", ref="Consent/1", updated="2022-11-08T10:00:00Z")
    assert only([a, b], order=("B", "A")).current is b
    item = only([a, b], order=("A", "B"))
    assert item.current is a
    assert item.conflicts == (b,)
    assert item.older_differs


def test_across_sources_last_updated_ranks_but_still_conflicts() -> None:
    a = rec(PERMIT, source="A", ref="Consent/1", updated="2022-11-08T10:00:00Z")
    b = rec(DENY, source="B", ref="Consent/1", updated="2022-11-09T10:00:00Z")
    item = only([a, b])
    assert item.current is b  # spec §3.2 step 4: lastUpdated before source order
    assert item.conflicts == (a,)  # but two servers' clocks prove nothing: show both


def test_unknown_sources_come_after_known_ones_by_name() -> None:
    records = [
        rec(UNKNOWN, source="zeta", ref="Consent/1", professional=None),
        rec(PERMIT, source="alpha", ref="Consent/1", professional=None),
        rec(DENY, source="B", ref="Consent/1", professional=None),
    ]
    item = only(records, order=("B",))
    assert item.current.source == "B"
    assert [r.source for r in item.older] == ["alpha", "zeta"]
    assert [r.source for r in item.conflicts] == ["alpha", "zeta"]


def test_same_value_same_date_other_professional_is_no_conflict() -> None:
    a = rec(DENY, source="A", ref="Consent/1")
    b = rec(DENY, source="B", ref="Consent/7", professional=Professional("Dr. Pietersen"))
    item = only([a, b])
    assert item.current is a
    assert item.older == (b,)
    assert not item.older_differs
    assert not item.conflicts


def test_both_undated_in_different_sources_conflict() -> None:
    a = rec(PERMIT, source="A", recorded=None)
    b = rec(DENY, source="B", recorded=None)
    item = only([a, b])
    assert item.current is a
    assert item.conflicts == (b,)


def test_ranking_sort_matches_consolidation_order() -> None:
    records = [
        rec(PERMIT, source=s, ref=f"Consent/{n}", recorded=d, updated=u, professional=None)
        for n, (s, d, u) in enumerate(
            itertools.product(
                ("A", "B", "C"),
                ("2021-01-01", "2022-01-01", None),
                ("2022-02-01T00:00:00Z", None),
            )
        )
    ]
    item = only(records, order=("B", "A"))
    ranked = list(records)
    random.Random(4).shuffle(ranked)
    Ranking(("B", "A")).sort(ranked)
    assert [item.current, *item.older] == ranked


# --- statuses ------------------------------------------------------------------------------


def test_entered_in_error_is_dropped() -> None:
    good = rec(PERMIT, ref="Consent/1", recorded="2020-01-01")
    withdrawn = rec(DENY, ref="Consent/2", recorded="2023-01-01", status=RecordStatus.ERROR)
    item = only([good, withdrawn])
    assert item.current is good
    assert item.older == ()
    assert not item.older_differs


def test_item_with_only_error_records_is_absent() -> None:
    overview = consolidate([rec(status=RecordStatus.ERROR)])
    assert overview.get(ItemId.RESUSCITATION) is None
    assert overview.items == {}


def test_ended_latest_is_shown_as_ended_and_the_older_current_is_not_current() -> None:
    current_before = rec(DENY, ref="Consent/1", recorded="2020-01-01")
    ended = rec(DENY, ref="Consent/2", recorded="2023-01-01", status=RecordStatus.ENDED)
    item = only([current_before, ended])
    assert item.ended
    assert item.current is ended
    assert item.older == (current_before,)
    assert not item.older_differs  # same value; the ending is shown through ``ended``


def test_ended_older_agreement_does_not_end_the_current_one() -> None:
    ended = rec(DENY, ref="Consent/1", recorded="2020-01-01", status=RecordStatus.ENDED)
    current = rec(PERMIT, ref="Consent/2", recorded="2023-01-01")
    item = only([ended, current])
    assert not item.ended
    assert item.current is current
    assert item.older == (ended,)
    assert item.older_differs


def test_in_place_update_that_ends_the_agreement() -> None:
    v1 = rec(DENY, ref="Consent/1", version="1", updated="2022-11-08T10:00:00Z")
    v2 = rec(
        DENY,
        ref="Consent/1",
        version="2",
        updated="2023-02-01T10:00:00Z",
        status=RecordStatus.ENDED,
    )
    item = only([v2, v1])
    assert item.ended
    assert item.current is v2
    assert item.same_event == (v1,)  # one agreement: its newest version counts
    assert item.older == ()
    assert not item.conflicts


def test_in_place_update_that_takes_an_ended_agreement_up_again() -> None:
    v1 = rec(
        DENY, ref="Consent/1", version="1", conversation="Encounter/1", status=RecordStatus.ENDED
    )
    v2 = rec(DENY, ref="Consent/1", version="2", conversation="Encounter/1")
    item = only([v1, v2])
    assert not item.ended
    assert item.current is v2
    assert item.same_event == (v1,)
    assert not item.conflicts


def test_questionnaire_twin_never_makes_an_ended_agreement_current() -> None:
    # The Consent's period has ended; the conversation's QR cannot say so. The QR carries the
    # later own date (item 963) and the later lastUpdated, and still the agreement is ended.
    consent = rec(
        DENY,
        ref="Consent/1",
        recorded="2022-11-07",
        conversation="Encounter/1",
        updated="2022-11-08T10:00:00Z",
        status=RecordStatus.ENDED,
    )
    form = qr(
        DENY, recorded="2022-11-08", conversation="Encounter/1", updated="2022-11-08T10:05:00Z"
    )
    older = rec(PERMIT, ref="Consent/0", recorded="2020-01-01", conversation="Encounter/0")
    item = only([form, older, consent])
    assert item.ended
    assert item.current is consent
    assert item.same_event == (form,)
    assert item.older == (older,)
    assert not item.conflicts  # a QR cannot contradict an ending


def test_ended_in_one_source_still_active_in_the_mirror_is_a_conflict() -> None:
    ended = rec(
        DENY, source="A", ref="Consent/1", conversation="Encounter/1", status=RecordStatus.ENDED
    )
    mirror = rec(DENY, source="B", ref="Consent/9", conversation="Encounter/9")
    item = only([mirror, ended])
    assert item.ended
    assert item.current is ended
    assert item.same_event == (mirror,)
    assert item.conflicts == (mirror,)


def test_an_older_twin_of_a_superseded_version_is_no_conflict() -> None:
    # v1 is superseded by v2 (same resource); v1's QR twin has an older own date.
    v2 = rec(DENY, ref="Consent/1", version="2", conversation="Encounter/2", updated="2023-02-01")
    v1 = rec(PERMIT, ref="Consent/1", version="1", conversation="Encounter/1", updated="2023-01-01")
    twin = qr(PERMIT, recorded="2022-11-06", conversation="Encounter/1")
    item = only([twin, v1, v2])
    assert item.current is v2
    assert item.older == (v1,)
    assert not item.conflicts


def test_ended_in_one_source_current_in_another_at_the_same_date_conflicts() -> None:
    ended = rec(DENY, source="B", ref="Consent/1", status=RecordStatus.ENDED, professional=None)
    current = rec(DENY, source="A", ref="Consent/1", professional=None)
    item = only([ended, current])
    assert item.ended  # at a full tie, ENDED ranks first (the later act)
    assert item.current is ended
    assert item.conflicts == (current,)


# --- versioning styles -------------------------------------------------------------------


def test_new_resource_per_conversation() -> None:
    first = rec(PERMIT, ref="Consent/a", recorded="2020-11-08", conversation="Encounter/1")
    second = rec(DENY, ref="Consent/b", recorded="2022-11-08", conversation="Encounter/2")
    item = only([first, second])
    assert item.current is second
    assert item.older == (first,)
    assert item.older_differs


def test_one_resource_updated_in_place() -> None:
    v1 = rec(
        PERMIT, ref="Consent/1", version="1", recorded="2020-11-08", conversation="Encounter/1"
    )
    v2 = rec(DENY, ref="Consent/1", version="2", recorded="2022-11-08", conversation="Encounter/2")
    item = only([v2, v1])
    assert item.current is v2
    assert item.older == (v1,)
    assert item.older_differs


def test_in_place_versions_with_the_same_value_do_not_differ() -> None:
    v1 = rec(DENY, ref="Consent/1", version="1", recorded="2020-11-08", conversation="Encounter/1")
    v2 = rec(DENY, ref="Consent/1", version="2", recorded="2022-11-08", conversation="Encounter/2")
    item = only([v1, v2])
    assert item.current is v2
    assert not item.older_differs


def test_in_place_versions_at_the_same_date_newest_version_wins() -> None:
    v9 = rec(PERMIT, ref="Consent/1", version="9")
    v10 = rec(DENY, ref="Consent/1", version="10")  # numeric, not text, order
    item = only([v9, v10])
    assert item.current is v10
    assert not item.conflicts  # a newer version of the same resource is not a conflict


def test_metadata_only_versions_of_one_conversation_are_one_event() -> None:
    v1 = rec(DENY, ref="Consent/1", version="1", conversation="Encounter/1", updated="2022-11-08")
    v2 = rec(DENY, ref="Consent/1", version="2", conversation="Encounter/1", updated="2022-11-09")
    item = only([v1, v2])
    assert item.current is v2
    assert item.same_event == (v1,)
    assert item.older == ()


def test_exact_duplicates_count_once() -> None:
    a = rec(DENY, ref="Consent/1", conversation="Encounter/1")
    a_again = rec(DENY, ref="Consent/1", conversation="Encounter/1")
    loose = rec(PERMIT, ref="Consent/2", recorded="2020-01-01", professional=None)
    item = only([a, loose, a_again, loose])
    assert item.same_event == ()
    assert item.older == (loose,)


def test_look_alikes_from_one_origin_are_ordered_deterministically() -> None:
    # Two different records read from one resource version (same value and identity).
    a = rec(DENY, ref="Patient/1", professional=Professional("Dr. Bakker"))
    b = rec(DENY, ref="Patient/1", professional=Professional("Dr. Visser"))
    item = only([a, b])
    assert {item.current.professional, item.older[0].professional} == {
        a.professional,
        b.professional,
    }


# --- one event in two methods or two sources -----------------------------------------------


def test_resources_and_questionnaire_response_of_one_conversation_are_one_event() -> None:
    consent = rec(DENY, ref="Consent/1", conversation="Encounter/1", updated="2022-11-08")
    form = qr(DENY, conversation="Encounter/1", updated="2022-11-08")
    earlier = rec(PERMIT, ref="Consent/0", recorded="2019-03-01", conversation="Encounter/0")
    item = only([form, earlier, consent])
    assert item.current is consent  # resources before the QR at a full tie
    assert item.same_event == (form,)
    assert item.older == (earlier,)
    assert item.older_differs


def test_twins_with_a_different_own_date_are_one_event() -> None:
    # A Consent dated by its own dateTime, the QR by item 963 (spec §7 item 5).
    consent = rec(DENY, ref="Consent/1", recorded="2022-11-10", conversation="Encounter/1")
    form = qr(DENY, recorded="2022-11-08", conversation="Encounter/1")
    item = only([consent, form])
    assert item.current is consent
    assert item.same_event == (form,)


def test_unlinked_questionnaire_response_same_day_same_professional_is_one_event() -> None:
    consent = rec(DENY, ref="Consent/1", recorded="2022-11-08T10:00", conversation="Encounter/1")
    form = qr(DENY, recorded="2022-11-08", professional=Professional("dr. a.  jansen"))
    item = only([consent, form])
    assert item.current is consent
    assert item.same_event == (form,)


def test_the_same_conversation_mirrored_in_another_source_is_one_event() -> None:
    a = rec(DENY, source="A", ref="Consent/1", conversation="Encounter/1")
    b = rec(DENY, source="B", ref="Consent/x", conversation="Encounter/77")
    item = only([b, a])
    assert item.current is a
    assert item.same_event == (b,)
    assert item.older == ()
    assert item.sources == ("A", "B")


def test_twins_in_two_methods_that_disagree_conflict() -> None:
    consent = rec(DENY, ref="Consent/1", conversation="Encounter/1", updated="2022-11-08")
    form = qr(PERMIT, conversation="Encounter/1", updated="2022-11-08")
    item = only([form, consent])
    assert item.current is consent
    assert item.same_event == ()
    assert item.conflicts == (form,)  # same source, but nothing decides: never hide it


def test_same_day_other_professional_is_not_merged() -> None:
    a = rec(DENY, source="A", ref="Consent/1", recorded="2022-11-08T10:00")
    b = rec(
        DENY,
        source="B",
        ref="Consent/2",
        recorded="2022-11-08T09:00",
        professional=Professional("Dr. Pietersen", reference="PractitionerRole/p"),
    )
    item = only([a, b])
    assert item.same_event == ()
    assert item.older == (b,)


def test_day_merging_joins_by_reference_or_by_name() -> None:
    by_ref = rec(DENY, source="A", ref="Consent/1", recorded="2022-11-08T10:00")
    same_ref = rec(
        DENY,
        source="B",
        ref="Consent/2",
        recorded="2022-11-08T09:00",
        professional=Professional("Andere naam", reference="PractitionerRole/jansen"),
    )
    same_name = rec(
        DENY,
        source="C",
        ref="Consent/3",
        recorded="2022-11-08T08:00",
        professional=Professional("DR. A. JANSEN", reference="PractitionerRole/other"),
    )
    unrelated = rec(
        DENY, source="D", ref="Consent/4", recorded="2022-11-08T07:00", professional=None
    )
    item = only([unrelated, same_name, same_ref, by_ref], order=("A", "B", "C", "D"))
    assert item.current is by_ref
    assert set(item.same_event) == {same_ref, same_name}
    assert item.older == (unrelated,)


# --- QR-only items, several qualifiers, the overview ----------------------------------------


@pytest.mark.parametrize(
    ("item_id", "answers"),
    [
        (ItemId.PREVIOUS_AGREEMENTS, (Answer("1197", Coding(None, "1")), Answer("1198", "bij"))),
        (ItemId.PREVIOUS_AGREEMENTS_DIFFER, (Answer("1199", Coding(None, "0")),)),
        (ItemId.SHARING_CONSENT, (Answer("1201", Coding(SCT, "441898007", "Akkoord")),)),
    ],
)
def test_items_that_exist_only_in_questionnaire_responses(
    item_id: ItemId, answers: tuple[Answer, ...]
) -> None:
    older = qr(UNKNOWN, key=ItemKey(item_id), ref="QuestionnaireResponse/q0", recorded="2020-01-01")
    latest = qr(
        answers, key=ItemKey(item_id), ref="QuestionnaireResponse/q1", recorded="2022-01-01"
    )
    item = consolidate([older, latest]).get(item_id)
    assert item is not None
    assert item.current is latest
    assert item.older == (older,)


def test_other_limits_are_consolidated_per_qualifier() -> None:
    def limit(name: str, answers: tuple[Answer, ...], when: str, ref: str) -> RecordedItem:
        return rec(answers, key=ItemKey(ItemId.OTHER_LIMIT, name), recorded=when, ref=ref)

    dialysis_old = limit("dialyse", PERMIT, "2019-01-01", "Consent/d1")
    dialysis_new = limit("dialyse", DENY, "2021-01-01", "Consent/d2")
    tube_feeding = limit("sondevoeding", DENY, "2023-05-01", "Consent/s1")
    unnamed = limit("", UNKNOWN, "2020-01-01", "Consent/u1")
    overview = consolidate([dialysis_old, tube_feeding, dialysis_new, unnamed])
    dialysis = overview.get(ItemId.OTHER_LIMIT, "dialyse")
    assert dialysis is not None
    assert dialysis.current is dialysis_new
    assert dialysis.older_differs
    assert [c.key.qualifier for c in overview.of(ItemId.OTHER_LIMIT)] == [
        "sondevoeding",
        "dialyse",
        "",
    ]
    assert overview.get(ItemId.OTHER_LIMIT) is not None  # the unnamed one
    assert overview.of(ItemId.RESUSCITATION) == []


def test_in_form_order_covers_every_item() -> None:
    overview = consolidate(
        [
            rec(DENY),
            qr(
                (Answer("1201", Coding(SCT, "441898007")),),
                key=ItemKey(ItemId.SHARING_CONSENT),
            ),
        ]
    )
    rows = overview.in_form_order()
    assert [item_id for item_id, _ in rows] == list(ItemId)
    filled = {item_id for item_id, group in rows if group}
    assert filled == {ItemId.RESUSCITATION, ItemId.SHARING_CONSENT}
    assert dict(rows)[ItemId.TREATMENT_GOAL] == []  # "nog niet besproken"


def test_empty_input() -> None:
    overview = consolidate([])
    assert overview.items == {}
    assert all(group == [] for _, group in overview.in_form_order())

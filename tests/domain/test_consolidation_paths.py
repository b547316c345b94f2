"""The shortcuts of consolidation checked against the rules they implement.

Consolidation (``pzp_desktop.domain.consolidation``) merges records with hash buckets and
union–find, leaves events of one record implicit, finds runs of equal dates with C-level passes
and takes a representative without building the event. These tests compare that machinery
with a plain pairwise reading of spec §3.2 rules 3 and 4, and pin the edge cases of each
shortcut: ended agreements, versions of one resource, entered-in-error records, equal dates
and QuestionnaireResponse twins.
"""

from __future__ import annotations

import dataclasses
import gc
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from pzp_desktop.domain import items as items_module
from pzp_desktop.domain.consolidation import (
    RankedGroup,
    Ranking,
    consolidate,
    make_event,
    overview_of,
    rank_items,
)
from pzp_desktop.domain.history import build_history, history_of, overview_and_history
from pzp_desktop.domain.items import (
    Conversation,
    ConversationRef,
    ItemId,
    RecordedItem,
    RecordStatus,
    value_signature,
)
from tests.domain.test_consolidation import DENY, PERMIT, UNKNOWN, qr, rec
from tests.domain.test_consolidation_properties import (
    SETTINGS,
    record_lists,
    snapshot,
    source_orders,
)

ENDED = RecordStatus.ENDED


def only_group(items: list[RecordedItem], order: tuple[str, ...] = ("A", "B")) -> RankedGroup:
    groups = rank_items(items, order).groups
    assert len(groups) == 1
    return groups[0]


# --- a plain reading of rules 3 and 4 ----------------------------------------------------------


def _person(record: RecordedItem) -> bool:
    professional = record.professional
    return professional is not None and bool(professional.reference or professional.name)


def _one_event(a: RecordedItem, b: RecordedItem) -> bool:
    """Rule 3 for two records of one key, pairwise."""
    if a.signature != b.signature:
        return False
    if a.conversation is not None and a.conversation == b.conversation:
        return True
    if a.recorded is not None and b.recorded is not None and _person(a) and _person(b):
        assert a.professional is not None
        assert b.professional is not None
        return a.recorded.local_day == b.recorded.local_day and a.professional.same_person(
            b.professional
        )
    # Records with nothing to match on meet only their copies: same origin, version,
    # lastUpdated and value.
    if a.conversation is None and b.conversation is None:
        dated_a = a.recorded is not None and _person(a)
        dated_b = b.recorded is not None and _person(b)
        if not dated_a and not dated_b:
            return _identity(a) == _identity(b)
    return False


def _identity(record: RecordedItem) -> tuple[object, ...]:
    updated = record.last_updated
    return (
        record.source,
        record.origin.reference,
        record.origin.version,
        updated.raw if updated is not None else None,
    )


def _expected_events(records: list[RecordedItem]) -> set[frozenset[int]]:
    """Connected components of :func:`_one_event`, as sets of ``id()``, exact duplicates
    counted once."""
    component = list(range(len(records)))

    def root(i: int) -> int:
        while component[i] != i:
            i = component[i]
        return i

    for i, j in combinations(range(len(records)), 2):
        if _one_event(records[i], records[j]):
            component[root(i)] = root(j)
    events: dict[int, list[RecordedItem]] = {}
    for i, record in enumerate(records):
        members = events.setdefault(root(i), [])
        if not any(member == record for member in members):
            members.append(record)
    return {frozenset(id(m) for m in members) for members in events.values()}


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_events_are_the_components_of_the_pairwise_rule(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    for group in rank_items(items, order).groups:
        records = group.records
        found = {frozenset(id(records[i]) for i in event) for event in group.events}
        assert found == _expected_events(records)


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_ranked_order_is_the_ranking_sort(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    for group in rank_items(items, order).groups:
        kept = [group.records[i] for i in group.order]
        expected = list(kept)
        Ranking(order).sort(expected)
        assert [id(r) for r in kept] == [id(r) for r in expected]
        # Events are ordered by their best member, and list every kept record once.
        events = group.events
        assert [event[0] for event in events] == group.heads
        assert sorted(i for event in events for i in event) == sorted(group.order)
        positions = {i: p for p, i in enumerate(group.order)}
        assert all(positions[e[0]] < positions[e[-1]] or len(e) == 1 for e in events)
        assert sorted(positions[h] for h in group.heads) == [positions[h] for h in group.heads]


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_older_holds_the_representative_of_every_other_event(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    ranked = rank_items(items, order)
    overview = overview_of(ranked)
    for group in ranked.groups:
        events = [make_event([group.records[i] for i in event]) for event in group.events]
        # The current event is the best one in force (no superseded version, no proposal).
        # Only proposals: the best event that is no superseded version.
        live = [
            n
            for n, event in enumerate(group.events)
            if any(id(group.records[i]) not in group.superseded for i in event)
        ]
        cur = next((n for n, event in enumerate(group.events) if group.in_force(event)), live[0])
        others = events[:cur] + events[cur + 1 :]
        item = overview.items[group.key]
        assert item.current is events[cur].representative
        assert item.ended == events[cur].ended
        assert [id(r) for r in item.older] == [id(e.representative) for e in others]
        assert item.older_differs == any(
            e.representative.signature != item.current.signature for e in others
        )


@SETTINGS
@given(items=record_lists, order=source_orders, data=st.data())
def test_ranking_once_gives_the_same_overview_and_history(
    items: list[RecordedItem], order: tuple[str, ...], data: st.DataObject
) -> None:
    refs = {r.conversation for r in items if r.conversation is not None}
    conversations = [
        Conversation(ref, data.draw(st.sampled_from(items)).recorded if items else None)
        for ref in sorted(refs, key=str)
    ]
    overview, history = overview_and_history(conversations, items, order)
    assert snapshot(overview) == snapshot(consolidate(items, order))
    assert repr(history) == repr(build_history(conversations, items, order))
    assert repr(history_of(conversations, rank_items(items, order))) == repr(history)


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_shared_signatures_are_only_an_optimisation(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    expected = snapshot(consolidate(items, order))
    for record in items:  # every record its own signature object, as without sharing
        object.__setattr__(record, "signature", value_signature(record.answers))
    assert snapshot(consolidate(items, order)) == expected


# --- shared value signatures -------------------------------------------------------------------


def test_records_with_the_same_value_share_one_signature_object() -> None:
    a = rec(DENY, source="A")
    b = qr(DENY, source="B")
    c = rec(PERMIT)
    assert a.signature is b.signature
    assert a.signature == value_signature(DENY)
    assert c.signature != a.signature
    assert a == rec(DENY, source="A")  # not part of equality or repr
    assert "signature" not in repr(a)


def test_the_shared_signatures_live_only_as_long_as_their_records() -> None:
    value = (*UNKNOWN, *DENY)  # a value no other test keeps alive
    signature = value_signature(value)
    records = [rec(value), qr(value)]
    assert signature in items_module._SHARED_SIGNATURES
    del records
    gc.collect()
    assert signature not in items_module._SHARED_SIGNATURES


# --- edge cases of the shortcuts ---------------------------------------------------------------


def test_nothing_merged_every_record_is_its_own_event() -> None:
    items = [
        rec(DENY, recorded="2020-01-01", conversation="Encounter/1"),
        rec(PERMIT, recorded="2021-01-01", conversation="Encounter/2", ref="Consent/2"),
        rec(DENY, recorded="2019-01-01", conversation="Encounter/3", ref="Consent/3"),
    ]
    group = only_group(items)
    assert group.members == {}
    assert group.heads == group.order == [1, 0, 2]
    item = consolidate(items).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.current is items[1]
    assert item.older == (items[0], items[2])
    assert item.older_differs
    assert item.same_event == ()


def test_older_event_with_an_ended_member_is_represented_by_it() -> None:
    # The older conversation: a Consent that has ended since and its QR twin (which cannot
    # say "ended"); the QR ranks first (later lastUpdated) but the ended Consent represents.
    consent = rec(DENY, conversation="Encounter/1", status=ENDED, updated="2020-01-01T10:00:00Z")
    twin = qr(DENY, conversation="Encounter/1", updated="2020-01-02T10:00:00Z")
    newer = rec(PERMIT, recorded="2023-01-01", conversation="Encounter/2", ref="Consent/2")
    items = [consent, twin, newer]
    group = only_group(items)
    assert group.events == [[2], [1, 0]]
    item = consolidate(items).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.current is newer
    assert item.older == (consent,)
    assert not item.ended


def test_older_event_with_two_versions_of_one_resource_is_represented_by_the_newest() -> None:
    # One resource updated in place within the older conversation: version 1 ranks first
    # (a later clinical date in its own dating) but version 2 is the newest.
    v1 = rec(DENY, ref="Consent/9", version="1", recorded="2020-05-02", conversation="Enc/1")
    v2 = rec(DENY, ref="Consent/9", version="2", recorded="2020-05-01", conversation="Enc/1")
    twin = qr(DENY, recorded="2020-05-01", conversation="Enc/1")
    newer = rec(PERMIT, recorded="2023-01-01", conversation="Enc/2", ref="Consent/2")
    items = [v1, v2, twin, newer]
    assert only_group(items).events == [[3], [0, 1, 2]]
    item = consolidate(items).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.older == (v2,)
    assert item.older_differs


def test_entered_in_error_records_take_no_part_in_merging() -> None:
    withdrawn = rec(DENY, conversation="Encounter/1", status=RecordStatus.ERROR)
    kept = qr(DENY, conversation="Encounter/1")
    group = only_group([withdrawn, kept])
    assert group.records == [kept]
    assert group.events == [[0]]


def test_exact_duplicates_leave_the_order_and_the_event() -> None:
    a = rec(DENY, conversation="Encounter/1")
    a_again = rec(DENY, conversation="Encounter/1")
    twin = qr(DENY, conversation="Encounter/1")
    group = only_group([a, twin, a_again])
    assert group.order == [0, 1]
    assert group.events == [[0, 1]]
    item = consolidate([a, twin, a_again]).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.current is a
    assert item.same_event == (twin,)


def test_runs_of_equal_dates_at_the_start_middle_and_end() -> None:
    # Dates: two at the newest date, three in the middle, two at the oldest; other
    # professionals and conversations, so that nothing merges and only the ranking decides.
    def at(day: str, source: str, n: int) -> RecordedItem:
        return rec(
            DENY if n % 2 else PERMIT,
            recorded=day,
            source=source,
            ref=f"Consent/{n}",
            conversation=f"Encounter/{n}",
            professional=None,
        )

    items = [
        at("2020-01-01", "B", 1),
        at("2022-01-01", "B", 2),
        at("2021-01-01", "C", 3),
        at("2021-01-01", "A", 4),
        at("2022-01-01", "A", 5),
        at("2021-01-01", "B", 6),
        at("2020-01-01", "A", 7),
    ]
    group = only_group(items, ("A", "B", "C"))
    assert [group.records[i] for i in group.order] == [
        items[4],
        items[1],
        items[3],
        items[5],
        items[2],
        items[6],
        items[0],
    ]
    item = consolidate(items, ("A", "B", "C")).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.current is items[4]
    assert item.conflicts == (items[1],)  # same date, other value, another source


def test_questionnaire_twin_at_the_same_date_is_one_event_not_a_conflict() -> None:
    consent = rec(DENY, conversation="Encounter/1", updated="2022-11-08T12:00:00Z")
    twin = qr(DENY, conversation="Encounter/1", updated="2022-11-08T12:00:00Z")
    other_day = rec(PERMIT, recorded="2022-11-01", conversation="Encounter/0", ref="Consent/0")
    items = [twin, other_day, consent]
    group = only_group(items)
    assert group.events == [[2, 0], [1]]
    item = consolidate(items).get(ItemId.RESUSCITATION)
    assert item is not None
    assert item.current is consent
    assert item.same_event == (twin,)
    assert item.conflicts == ()
    assert item.older == (other_day,)


def test_conversations_shared_or_not_as_objects_give_the_same_result() -> None:
    shared_ref = ConversationRef("A", "Encounter/1")
    shared = [
        dataclasses.replace(rec(DENY), conversation=shared_ref),
        dataclasses.replace(qr(DENY), conversation=shared_ref),
    ]
    separate = [rec(DENY, conversation="Encounter/1"), qr(DENY, conversation="Encounter/1")]
    assert only_group(shared).events == only_group(separate).events == [[0, 1]]
    assert repr(consolidate(shared)) == repr(consolidate(separate))

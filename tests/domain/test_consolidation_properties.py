"""Properties of consolidation that must hold for any input (hypothesis).

A wrong latest value is a patient-safety incident; these properties guard against the
classic ways to get one: dependence on the order in which sources answer, an older record
overriding a newer one, withdrawn (entered-in-error) records having any effect, and records
counted twice.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, Coding
from pzp_desktop.domain.consolidation import Overview, consolidate, same_at_common_precision
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.history import build_history
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
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

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SOURCES = ("A", "B", "C")
KEYS = (
    ItemKey(ItemId.RESUSCITATION),
    ItemKey(ItemId.OTHER_LIMIT, "dialyse"),
    ItemKey(ItemId.CARE_WISHES),
)
VALUES = (
    (Answer("1386", Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")),),
    (Answer("1386", Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")),),
    (Answer("1386", Coding(BEHANDEL_BESLUIT, "2", "Do not perform")),),  # same value
    (Answer("1386", Coding(NULL_FLAVOR, "UNK")), Answer("1389", "Zie brief")),
    (Answer("1190", "Thuis sterven"),),
    (Answer("1190", " thuis  STERVEN"),),  # same value after normalisation
)
# Equal instants in other notations, same days at other times, partial dates.
DATES = (
    "2020-01-01",
    "2020-01-01T10:00:00+01:00",
    "2020-01-01T09:00:00Z",
    "2020-01-01T15:30",
    "2021-06",
    "2021-06-01",
    "2022-11-08T10:00:00+01:00",
    "2023",
)
UPDATED = ("2023-01-01T00:00:00Z", "2023-01-01T01:00:00+01:00", "2023-02-01T00:00:00Z")
PROFESSIONALS = (
    Professional("Dr. A. Jansen", reference="PractitionerRole/jansen"),
    Professional("dr. a.  jansen"),
    Professional(reference="PractitionerRole/jansen"),
    Professional("Dr. Pietersen", reference="PractitionerRole/p"),
    Professional(),
)

dates = st.sampled_from(DATES).map(ClinicalDate.parse)
origins = st.builds(
    Origin,
    st.sampled_from(OriginKind),
    st.sampled_from(("Consent/1", "Consent/2", "Observation/3", "QuestionnaireResponse/q1")),
    st.sampled_from((None, "1", "2", "10")),
)
conversation_refs = st.builds(
    ConversationRef, st.sampled_from(SOURCES), st.sampled_from(("Encounter/1", "Encounter/2"))
)


def records(
    statuses: tuple[RecordStatus, ...] = tuple(RecordStatus),
) -> st.SearchStrategy[RecordedItem]:
    return st.builds(
        RecordedItem,
        key=st.sampled_from(KEYS),
        answers=st.sampled_from(VALUES),
        source=st.sampled_from(SOURCES),
        origin=origins,
        recorded=st.none() | dates,
        date_basis=st.sampled_from(DateBasis),
        status=st.sampled_from(statuses),
        conversation=st.none() | conversation_refs,
        professional=st.none() | st.sampled_from(PROFESSIONALS),
        last_updated=st.none() | st.sampled_from(UPDATED).map(ClinicalDate.parse),
    )


record_lists = st.lists(records(), max_size=14)
source_orders = st.permutations(SOURCES).flatmap(
    lambda order: st.integers(0, 3).map(lambda n: tuple(order[:n]))
)


def snapshot(overview: Overview) -> dict[ItemKey, str]:
    """Everything the overview says, compared exactly (``repr`` keeps the date texts)."""
    return {key: repr(item) for key, item in overview.items.items()}


@SETTINGS
@given(items=record_lists, order=source_orders, data=st.data())
def test_the_result_does_not_depend_on_input_order(
    items: list[RecordedItem], order: tuple[str, ...], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(items))
    assert snapshot(consolidate(shuffled, order)) == snapshot(consolidate(items, order))


@SETTINGS
@given(items=record_lists, order=source_orders, data=st.data())
def test_an_older_record_never_changes_the_latest_value(
    items: list[RecordedItem], order: tuple[str, ...], data: st.DataObject
) -> None:
    before = consolidate(items, order)
    assume(before.items)
    key = data.draw(st.sampled_from(sorted(before.items, key=str)))
    latest = before.items[key].current.recorded
    assume(latest is not None)
    # A proposal is shown only while no agreement is known: any agreement, older or not,
    # outranks it (rule 5). The property is about the agreement in force.
    assume(before.items[key].current.status is not RecordStatus.PROPOSED)
    assert latest is not None
    older_dates = [d for d in map(ClinicalDate.parse, DATES) if d.instant < latest.instant]
    assume(older_dates)
    # Not a proposal: a proposal joining the current event (the same conversation) says that
    # what a QuestionnaireResponse recorded was not agreed, which is a change (rule 5).
    extra = data.draw(
        records(statuses=(RecordStatus.CURRENT, RecordStatus.ENDED, RecordStatus.ERROR))
    )
    # Not a version of a resource in the input: a newer version of a resource replaces its
    # older versions whatever its date (rule 1b).
    extra = dataclasses.replace(
        extra,
        key=key,
        recorded=data.draw(st.sampled_from(older_dates)),
        origin=dataclasses.replace(extra.origin, version=None),
    )
    position = data.draw(st.integers(0, len(items)))
    after = consolidate([*items[:position], extra, *items[position:]], order)
    assert after.items.keys() == before.items.keys()
    for k, was in before.items.items():
        now = after.items[k]
        assert now.current.signature == was.current.signature  # the latest value
        if not any(r is extra for r in (now.current, *now.same_event)):
            # Unless the older record joined the current event (e.g. an older-dated Consent
            # of the same conversation that has ended), nothing about the latest changes.
            assert repr(now.current) == repr(was.current)
            assert now.ended == was.ended
            assert now.date_uncertain == was.date_uncertain


@SETTINGS
@given(items=record_lists, order=source_orders, data=st.data())
def test_an_entered_in_error_record_changes_nothing(
    items: list[RecordedItem], order: tuple[str, ...], data: st.DataObject
) -> None:
    # Not a version of a resource in the input: a newer version that is entered-in-error
    # withdraws the resource with all its versions (rule 1b), which is a change.
    withdrawn = data.draw(records(statuses=(RecordStatus.ERROR,)))
    withdrawn = dataclasses.replace(
        withdrawn, origin=dataclasses.replace(withdrawn.origin, version=None)
    )
    position = data.draw(st.integers(0, len(items)))
    with_error = [*items[:position], withdrawn, *items[position:]]
    assert snapshot(consolidate(with_error, order)) == snapshot(consolidate(items, order))


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_duplicating_the_input_changes_nothing(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    once = snapshot(consolidate(items, order))
    assert snapshot(consolidate(items + items, order)) == once
    copies = [dataclasses.replace(r) for r in items]  # equal, not identical
    assert snapshot(consolidate(copies + items, order)) == once


@SETTINGS
@given(items=record_lists, order=source_orders)
def test_every_record_shown_is_live_and_shown_once(
    items: list[RecordedItem], order: tuple[str, ...]
) -> None:
    live = [r for r in items if r.status is not RecordStatus.ERROR]
    for key, item in consolidate(items, order).items.items():
        shown = [item.current, *item.same_event, *item.older]
        assert all(r.key == key and any(r is x for x in live) for r in shown)
        assert len({id(r) for r in shown}) == len(shown)
        assert item.ended == (item.current.status is RecordStatus.ENDED)
        for conflict in item.conflicts:
            assert conflict.key == key
            assert conflict.status is not RecordStatus.ERROR
            assert conflict is not item.current
            if any(conflict is r for r in item.same_event):
                # A resource of the current event whose own status says otherwise.
                assert conflict.origin.kind is OriginKind.RESOURCE
                assert conflict.status is not item.current.status
                continue
            # Not orderable against the current event: the same date at the common precision,
            # or the same conversation (rule 8).
            event = (item.current, *item.same_event)
            assert any(
                same_at_common_precision(conflict.recorded, r.recorded)
                or (conflict.conversation is not None and conflict.conversation == r.conversation)
                for r in event
            )


conversations = st.builds(
    Conversation,
    ref=conversation_refs,
    date=st.none() | dates,
    professional=st.none() | st.sampled_from(PROFESSIONALS),
    status=st.sampled_from((RecordStatus.CURRENT, RecordStatus.CURRENT, RecordStatus.ERROR)),
)


@SETTINGS
@given(
    convs=st.lists(conversations, max_size=5, unique_by=lambda c: c.ref),
    items=record_lists,
    order=source_orders,
    data=st.data(),
)
def test_the_history_does_not_depend_on_input_order(
    convs: list[Conversation],
    items: list[RecordedItem],
    order: tuple[str, ...],
    data: st.DataObject,
) -> None:
    expected = repr(build_history(convs, items, order))
    shuffled_convs = data.draw(st.permutations(convs))
    shuffled_items = data.draw(st.permutations(items))
    assert repr(build_history(shuffled_convs, shuffled_items + shuffled_items, order)) == expected

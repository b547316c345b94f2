"""Per-conversation history: what was recorded in each PZP conversation and what changed.

Spec §4: "what changed = for each item key, the record linked to this conversation compared
with the latest record of the same key from an earlier conversation".

* Conversations are listed newest first (by :attr:`Conversation.date` as an instant); equal
  dates by source order (launching source first) and reference; conversations without a date
  last. Conversations with status ERROR are left out.
* A record belongs to a conversation through its :attr:`RecordedItem.conversation`; the
  conversation's own reference, its Encounter, Procedure and QuestionnaireResponses (all in
  the conversation's source) are accepted as aliases, so QR items appear under the
  conversation the QR reader matched them to, whichever reference they carry.
* The records of one key in one conversation (resources and QR twins, several versions) give
  **one** entry. The best record by the consolidation ranking
  (:class:`~pzp_desktop.domain.consolidation.Ranking`) decides the entry's value; the
  records with that value form one event (:func:`~pzp_desktop.domain.consolidation.make_event`)
  whose representative is ``recorded`` and whose ended-ness is ``ended`` (a Consent of this
  conversation that has ended since ends the entry, even if its QR twin ranks higher). The
  other records with that value are in ``same_event``; records of the conversation with
  another value (the two methods disagree, an earlier version) are in ``differing`` —
  shown, never hidden.
* Older versions of a resource whose newer version carries the key (superseded) and
  proposals (:attr:`RecordStatus.PROPOSED`) are never an entry's value when the
  conversation has a record in force, and never ``previous``; they stay in ``differing``.
* ``previous`` is the best record (same ranking as consolidation, any source, ERROR dropped)
  among the records of the same key that lie **strictly before** the conversation. A
  record's place on the timeline is its conversation's date when it is linked to a dated
  conversation (the per-conversation view is about conversations, even when a Consent's own
  date differs — spec §7 item 5), else its own clinical date; records with neither are never
  "before" anything. The same conversation mirrored in another source (same date) is not
  "before", so both copies are compared with the same earlier state. For a conversation
  without a date the cut-off is the earliest own clinical date of its records of that key;
  when there is none, nothing is before it and the entry is NEW.
* ``change``: NEW without a previous record; UNCHANGED when value signature and ended-ness
  are equal; CHANGED otherwise (so ending an agreement, or taking up an ended one again with
  the same value, is a change). The ended-ness of ``previous`` is that record's own status
  (its twins are not consulted).
* Records without any conversation link (legal capacity from the Patient, representatives
  from RelatedPersons) appear in no conversation's entries, but they do count as ``previous``
  by their own date.

Linear apart from sorting: per key, the records are sorted by timeline date and the
conversations' cut-offs are swept once, keeping the best record seen so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from pzp_desktop.domain.consolidation import (
    MISSING_MOMENT,
    Overview,
    RankedItems,
    make_event,
    overview_of,
    rank_items,
)
from pzp_desktop.domain.items import (
    Conversation,
    ConversationRef,
    ItemKey,
    RecordedItem,
    RecordStatus,
)


class ChangeKind(Enum):
    NEW = "new"  # nothing recorded for this item before this conversation
    CHANGED = "changed"  # the value (or ended-ness) differs from the previous record
    UNCHANGED = "unchanged"  # recorded again with the same value


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One item as recorded in one conversation, compared with what came before."""

    key: ItemKey
    recorded: RecordedItem
    previous: RecordedItem | None
    change: ChangeKind
    # Other records of this conversation with the same value (the other method's twin).
    same_event: tuple[RecordedItem, ...] = ()
    # Other records of this conversation with another value: the methods disagree, or an
    # earlier version of the same resource. Show them.
    differing: tuple[RecordedItem, ...] = ()
    # The agreement recorded here has ended since (its newest version says so).
    ended: bool = False


@dataclass(frozen=True, slots=True)
class ConversationHistory:
    conversation: Conversation
    entries: tuple[HistoryEntry, ...]  # form order: ItemId order, then qualifier


def _aliases(conversation: Conversation) -> list[ConversationRef]:
    source = conversation.ref.source
    refs = [conversation.ref]
    for reference in (
        conversation.encounter,
        conversation.procedure,
        *conversation.questionnaire_responses,
    ):
        if reference:
            refs.append(ConversationRef(source, reference))
    return refs


def _unique_conversations(
    conversations: Iterable[Conversation],
) -> list[Conversation]:
    """One conversation per reference (the first by ``repr`` when a source returned two
    different ones), so that the result does not depend on input order."""
    by_ref: dict[ConversationRef, Conversation] = {}
    for conversation in conversations:
        seen = by_ref.get(conversation.ref)
        if seen is None or (seen is not conversation and repr(conversation) < repr(seen)):
            by_ref[conversation.ref] = conversation
    return list(by_ref.values())


def build_history(
    conversations: Iterable[Conversation],
    items: Iterable[RecordedItem],
    source_order: Sequence[str] = (),
) -> list[ConversationHistory]:
    """The history of every conversation, newest first (see the module docstring).

    ``source_order`` is the same as for :func:`~pzp_desktop.domain.consolidation.consolidate`
    (launching source first); it breaks ties between records and between conversations.
    """
    return history_of(conversations, rank_items(items, source_order))


def overview_and_history(
    conversations: Iterable[Conversation],
    items: Iterable[RecordedItem],
    source_order: Sequence[str] = (),
) -> tuple[Overview, list[ConversationHistory]]:
    """``consolidate(items, source_order)`` and ``build_history(conversations, items,
    source_order)`` in one, ranking the records once for both."""
    ranked = rank_items(items, source_order)
    return overview_of(ranked), history_of(conversations, ranked)


def history_of(
    conversations: Iterable[Conversation], ranked: RankedItems
) -> list[ConversationHistory]:
    """The history of every conversation from records ranked by
    :func:`~pzp_desktop.domain.consolidation.rank_items` (see :func:`build_history`)."""
    ranking = ranked.ranking
    moment = ranking.moment  # minus microseconds since the epoch; missing → very large
    all_conversations = _unique_conversations(conversations)
    shown = [c for c in all_conversations if c.status is not RecordStatus.ERROR]

    # Conversations by (source, reference) of each alias; shown conversations win over ERROR
    # ones, which still date their records on the timeline.
    alias: dict[tuple[str, str], _Linked] = {}
    for conversation in sorted(
        all_conversations,
        key=lambda c: (c.status is not RecordStatus.ERROR, c.ref.source, c.ref.reference),
    ):
        link = _Linked(
            conversation,
            conversation.status is not RecordStatus.ERROR,
            -moment(conversation.date) if conversation.date is not None else None,
        )
        for alias_ref in _aliases(conversation):
            alias[(alias_ref.source, alias_ref.reference)] = link
    entries: dict[int, list[HistoryEntry]] = {id(c): [] for c in shown}

    # Records of one conversation share their ConversationRef object: resolve each once.
    resolved: dict[int, _Linked | None] = {}

    # Keys in form order, so that every conversation's entries come out in form order.
    for group in ranked.groups:
        records = group.records
        sig_of = group.signature_ids
        moment_of = group.moments
        # Own records per conversation (best first, as group.order is), and every record's
        # place on the timeline as (microseconds since the epoch, rank in the group).
        own: dict[int, tuple[_Linked, list[int]]] = {}
        timeline: list[tuple[int, int]] = []
        for position, i in enumerate(group.order):
            ref = records[i].conversation
            linked: _Linked | None = None
            if ref is not None:
                linked = resolved.get(id(ref), _UNRESOLVED)
                if linked is _UNRESOLVED:
                    linked = resolved[id(ref)] = alias.get((ref.source, ref.reference))
            when: int | None = None
            if linked is not None:
                if linked.shown:
                    mine = own.get(id(linked.conversation))
                    if mine is None:
                        own[id(linked.conversation)] = (linked, [i])
                    else:
                        mine[1].append(i)
                when = linked.when
            if when is None and moment_of[i] != MISSING_MOMENT:
                when = -moment_of[i]
            if when is not None:
                timeline.append((when, position))

        # Superseded versions and proposals are never the state of a conversation or the
        # previous state (rule 5 of the consolidation): the entry shows the record in force.
        ineligible: set[int] = set()
        if group.superseded or group.has_proposed:
            superseded = group.superseded
            ineligible = {
                i
                for i in group.order
                if id(records[i]) in superseded or records[i].status is RecordStatus.PROPOSED
            }
            for _linked, own_indices in own.values():
                own_indices.sort(key=lambda i: i in ineligible)  # stable: best first
            timeline = [(when, pos) for when, pos in timeline if group.order[pos] not in ineligible]

        # The cut-off of each conversation for this key.
        queries: list[tuple[int, int]] = []
        for conv_id, (linked, own_indices) in own.items():
            if linked.when is not None:
                queries.append((linked.when, conv_id))
            else:
                dated = [-moment_of[i] for i in own_indices if moment_of[i] != MISSING_MOMENT]
                if dated:
                    queries.append((min(dated), conv_id))

        # Sweep: the best-ranked record strictly before each cut-off.
        timeline.sort()
        queries.sort()
        previous: dict[int, int] = {}
        best = -1
        cursor = 0
        for cutoff, conv_id in queries:
            while cursor < len(timeline) and timeline[cursor][0] < cutoff:
                position = timeline[cursor][1]
                if best < 0 or position < best:
                    best = position
                cursor += 1
            if best >= 0:
                previous[conv_id] = group.order[best]

        for conv_id, (_linked, own_indices) in own.items():
            head_sig = sig_of[own_indices[0]]
            differing: tuple[RecordedItem, ...] = ()
            same_event: tuple[RecordedItem, ...] = ()
            if len(own_indices) == 1:  # the usual case, without building lists
                recorded = records[own_indices[0]]
                ended = recorded.status is RecordStatus.ENDED
            else:
                same_value = [records[i] for i in own_indices if sig_of[i] == head_sig]
                if len(same_value) == 1:
                    recorded = same_value[0]
                    ended = recorded.status is RecordStatus.ENDED
                else:
                    event = make_event(same_value)
                    recorded, ended = event.representative, event.ended
                same_event = tuple(r for r in same_value if r is not recorded)
                differing = tuple(records[i] for i in own_indices if sig_of[i] != head_sig)
            before = previous.get(conv_id)
            if before is None:
                change = ChangeKind.NEW
            elif (
                sig_of[before] == head_sig
                and (records[before].status is RecordStatus.ENDED) == ended
            ):
                change = ChangeKind.UNCHANGED
            else:
                change = ChangeKind.CHANGED
            entries[conv_id].append(
                HistoryEntry(
                    key=group.key,
                    recorded=recorded,
                    previous=records[before] if before is not None else None,
                    change=change,
                    same_event=same_event,
                    differing=differing,
                    ended=ended,
                )
            )

    histories = [ConversationHistory(c, tuple(entries[id(c)])) for c in shown]
    histories.sort(
        key=lambda h: (
            moment(h.conversation.date),
            ranking.source_rank(h.conversation.source),
            h.conversation.ref.reference,
        )
    )
    return histories


@dataclass(frozen=True, slots=True)
class _Linked:
    """A conversation as the records' links resolve to it."""

    conversation: Conversation
    shown: bool  # not entered-in-error
    when: int | None  # microseconds since the epoch of its date


_UNRESOLVED = _Linked(Conversation(ConversationRef("", ""), None), False, None)

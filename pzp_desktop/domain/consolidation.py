"""The latest value of every item, across conversations, sources and retrieval methods.

This implements spec §3.2 ("Latest value per item"). A wrong latest value for an item such as
"Reanimatie" is a patient-safety incident, so every rule below is deterministic, documented
and tested; the result never depends on the order in which sources or records arrive.

Algorithm
---------
1. a. Records with :attr:`RecordStatus.ERROR` are dropped. Exact duplicates (the same
      record read twice, e.g. from two overlapping searches) count once.
   b. Versions (spec §3.2 steps 2 and 6): the records of one resource (same source, method-1
      reference) read from several versions (``_history``) are ordered by numeric
      ``versionId``, else ``meta.lastUpdated``. When the newest version is entered-in-error,
      the resource is withdrawn with all its versions. Otherwise, per item key, only the
      newest version carrying the key is the resource's state; older versions are
      *superseded*: history (in ``older``), never current and never a conflict. An item that
      the resource's newest version no longer carries (e.g. a Consent whose treatment code
      was corrected) is dropped. Items read from a Patient are recorded once per change (the
      reader dates legal capacity and contacts by the version in which they changed), so for
      them only the per-key rule applies.
2. Records are grouped by :class:`ItemKey`.
3. Within a key, records that are **one event** are merged into one candidate. Two records are
   one event when they have the same value signature and either
   a. the same :class:`ConversationRef` (e.g. a Consent and the QuestionnaireResponse that the
      QR reader matched to the same Encounter, or versions of one resource in one
      conversation), or
   b. the same local day of their clinical date and the same professional
      (:meth:`Professional.same_person`) — the same conversation mirrored in another source, or
      recorded as resources and as a form that could not be linked to the Encounter.
   Merging is transitive (connected components), which makes it independent of input order.
   Status is not part of the identity; see rule 9 for an event's ended-ness.
4. Records are ranked newest first by
   a. the clinical date (:attr:`RecordedItem.recorded`) as an instant; ``None`` counts as
      the oldest possible date;
   b. ``meta.lastUpdated``; ``None`` counts as oldest;
   c. status: at a full tie an ENDED record ranks above a CURRENT one (ending an agreement is
      the later act in its life; showing "ended" when in doubt is the safe side), and a
      PROPOSED one below both;
   d. the source: the launching source (``source_order[0]``) first, then the given order,
      then unknown sources alphabetically;
   e. a deterministic final tie-break: method (resources before the QR), reference, version
      (higher numeric version first), lastUpdated text, value signature, and for records that
      still tie (different records with one identity) their ``repr``.
   Candidates are ranked by their best member.
5. ``current`` is the representative of the best candidate **in force** (its best-ranked
   member, see rule 9 for ended events); ``same_event`` are its other members (the same value
   seen elsewhere: other source, other method, other versions), best first. A candidate is
   in force unless all its members are superseded versions (rule 1b), or it holds a
   PROPOSED record (a draft, proposed or unknown-status Consent: not agreed) and no agreed
   resource — a QuestionnaireResponse twin cannot say that a proposal was agreed. A proposal
   therefore never outranks an agreement, however new; it is listed in ``older``. Only
   when no candidate is in force (only proposals) is the best candidate current; its status
   (PROPOSED) says it is not in force.
6. ``older`` are the representatives of all other candidates, newest first. It is the complete
   list: candidates listed in ``conflicts`` are in ``older`` too.
7. ``older_differs``: some other candidate has a different value (signature). Status is not a
   value: an older ENDED record with the same value does not make the item "differ".
8. ``conflicts``: records of other candidates in force that cannot be ordered against the
   current candidate, and say something else:
   a. records at exactly the same clinical date (the same instant, or both without a date)
      with another value, or another ended-ness (resources only: a QuestionnaireResponse
      cannot say that an agreement ended) —
   unless the tie is reliably decided within one source: a member of the current candidate
   comes from the same source and is a version of the same resource, or has a later
   ``meta.lastUpdated`` (timestamps of one server are comparable; those of different servers
   are not). So conflicts are always reported across sources, and also within one source
   when only the arbitrary final tie-break decided (e.g. the resources and the
   QuestionnaireResponse of one conversation disagree and carry the same lastUpdated).
   Only records at that date are reported (an event may also hold an older-dated twin).
   b. records with another value whose clinical date equals the current candidate's at their
      common precision — year, month or day in Europe/Amsterdam; the instant only when both
      have a time — or that belong to the same conversation (a date-only Consent and the
      10:00 QuestionnaireResponse of one Encounter; ``2024`` and ``2024-01-02``;
      ``2024-01-10T23:30Z`` and ``2024-01-11``), with the same exception for a tie reliably
      decided within one source. Which of them came later is unknown, so the item is in
      conflict, never a silent winner. The same value is no conflict (rule 3).
   A resource inside the current candidate whose own status contradicts the candidate's
   ended-ness (e.g. source A ended the agreement, source B's copy is still active) is a
   conflict too. The UI must show conflicts; it must never present such an item as settled.
9. ``ended``: the current candidate has ENDED when the newest version of any of its records is
   ENDED (older versions of an in-place updated resource do not count). A
   QuestionnaireResponse twin of an ended Consent therefore never makes the agreement current
   again; the representative is then the best-ranked ENDED record. An older CURRENT
   candidate does **not** count as current — the newest agreement ended it — but it is
   listed in ``older``.
10. ``date_uncertain``: the current record's date came from an uncertain basis
    (:attr:`DateBasis.uncertain`: authored, lastUpdated, none) or is missing.

Decisions where the spec leaves room
------------------------------------
* For ranking, a date-only ``2022-11-08`` is the start of that day, so it ranks below
  ``2022-11-08T10:00``; with different values the two are nevertheless a conflict (rule 8b),
  and with the same value they are one event when rule 3b applies.
* Rule 3b is applied within one source too (two identical records of the same item on the
  same day by the same professional add nothing to the overview). The per-conversation
  history (:mod:`pzp_desktop.domain.history`) still shows every conversation separately.
* An event's date, for ranking and for conflicts, is that of its best member; when twins of
  one conversation carry different own dates (spec §7 item 5) the later one counts.
* Records without a conversation, a dated professional or anything else to match on are
  never merged with others (except exact duplicates).

Performance: one pass to group and bucket (hash maps, no pairwise comparison), union–find for
the merging, and one sort per key; linear in the number of records apart from the sorts
(``build_scripts/bench_consolidation.py``). The per-record work is kept small: conversation,
date and professional are resolved once per conversation object; records with equal values
share one signature object (:class:`~pzp_desktop.domain.items.RecordedItem`), which keeps
the value look-ups in the CPU caches; events of one record (most of them) are never spelled
out; ties in the date order are found with C-level passes. :func:`rank_items` ranks once
for both the overview and the history (:func:`~pzp_desktop.domain.history.overview_and_history`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import compress, islice, repeat
from operator import attrgetter, eq, is_, ne
from typing import Any

from pzp_desktop.domain.agreements import (
    DECISION_OTHER,
    DECISION_UNKNOWN,
    TEXTS_MEANING_UNKNOWN,
    TREATMENT_LIMITS,
)
from pzp_desktop.domain.dates import ClinicalDate, Precision
from pzp_desktop.domain.items import (
    ConversationRef,
    ItemId,
    ItemKey,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
    normalise_text,
)

# Position of every item in the form, for ordering.
FORM_POSITION: dict[ItemId, int] = {item_id: i for i, item_id in enumerate(ItemId)}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# Sort value of a missing date in :meth:`Ranking.key` (dates sort as minus microseconds since
# the epoch, so that the newest comes first); larger than any real date's value.
MISSING_MOMENT = 1 << 62
_CURRENT = RecordStatus.CURRENT
_ENDED = RecordStatus.ENDED
_ERROR = RecordStatus.ERROR
_PROPOSED = RecordStatus.PROPOSED
# Status order at a full tie (rule 4c): ENDED, CURRENT, then PROPOSED (ERROR never ranks).
# Keyed by the status's value: hashing an Enum member runs Python code, a str does not.
_STATUS_RANK = {_ENDED._value_: 0, _CURRENT._value_: 1, _PROPOSED._value_: 2, _ERROR._value_: 3}
_TIME = Precision.TIME
_MONTH = Precision.MONTH
_YEAR = Precision.YEAR
_RESOURCE = OriginKind.RESOURCE

RankKey = tuple[Any, ...]
Signature = tuple[tuple[str, int, str, str], ...]

# Spec §3.1's lossy mapping: "Anders" with a specification meaning "unknown" is written as a
# Consent that reads back as UNK. Decision linkId → its specification linkId (4a–f).
_SPECIFICATION_OF = {
    limit.decision: limit.specification
    for limit in TREATMENT_LIMITS
    if limit.specification is not None
}
_OTHER_DECISION = f"{DECISION_OTHER.system}|{DECISION_OTHER.code}"
_UNKNOWN_DECISION = f"{DECISION_UNKNOWN.system}|{DECISION_UNKNOWN.code}"


def canonical_signature(signature: Signature) -> Signature:
    """The value signature with "Anders" + a specification meaning "unknown" (4a–f) as UNK:
    the same value, read from the form or from the Consent it was written as (spec §3.1,
    lossy). Every other signature is returned as is."""
    out: list[tuple[str, int, str, str]] | None = None
    for entry in signature:
        link_id, repeat_no, kind, text = entry
        if kind != "coding" or text != _OTHER_DECISION or link_id not in _SPECIFICATION_OF:
            continue
        specification = _SPECIFICATION_OF[link_id]
        spec = next(
            (
                e
                for e in signature
                if e[0] == specification and e[1] == repeat_no and e[2] == "text"
            ),
            None,
        )
        if spec is None or spec[3].rstrip(".") not in TEXTS_MEANING_UNKNOWN:
            continue
        if out is None:
            out = list(signature)
        out.remove(spec)
        out[out.index(entry)] = (link_id, repeat_no, "coding", _UNKNOWN_DECISION)
    return signature if out is None else tuple(sorted(out))


@dataclass(frozen=True, slots=True)
class ConsolidatedItem:
    """The consolidated state of one item: its latest value and everything behind it."""

    key: ItemKey
    current: RecordedItem
    # Other records of the same event as ``current`` (same value; other source or method).
    same_event: tuple[RecordedItem, ...] = ()
    # One representative per other candidate, newest first (includes the conflicts).
    older: tuple[RecordedItem, ...] = ()
    older_differs: bool = False
    # Candidates with the same clinical date as ``current`` and another value: show them.
    conflicts: tuple[RecordedItem, ...] = ()
    ended: bool = False
    date_uncertain: bool = False

    @property
    def latest_date(self) -> ClinicalDate | None:
        """The date of the current event: the latest own date of ``current`` and
        ``same_event`` (twins may carry different own dates, spec §7 item 5)."""
        dates = [r.recorded for r in (self.current, *self.same_event) if r.recorded is not None]
        return max(dates, key=lambda d: d.instant) if dates else None

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources that recorded the current value (current first, no duplicates)."""
        seen: dict[str, None] = {self.current.source: None}
        for record in self.same_event:
            seen.setdefault(record.source, None)
        return tuple(seen)


@dataclass(frozen=True)
class Overview:
    """The consolidated overview: one :class:`ConsolidatedItem` per item key that has data."""

    items: Mapping[ItemKey, ConsolidatedItem]
    _by_item: Mapping[ItemId, list[ConsolidatedItem]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_item: dict[ItemId, list[ConsolidatedItem]] = {}
        for consolidated in self.items.values():
            by_item.setdefault(consolidated.key.item, []).append(consolidated)
        for group in by_item.values():
            group.sort(key=_latest_first)
        object.__setattr__(self, "_by_item", by_item)

    def get(self, item_id: ItemId, qualifier: str = "") -> ConsolidatedItem | None:
        return self.items.get(ItemKey(item_id, qualifier))

    def of(self, item_id: ItemId) -> list[ConsolidatedItem]:
        """All keys of ``item_id`` (several for 4g and advance directives): latest date first
        (undated last), then by qualifier."""
        return list(self._by_item.get(item_id, ()))

    def in_form_order(self) -> list[tuple[ItemId, list[ConsolidatedItem]]]:
        """Every item of the form in form order; an empty list means "nog niet besproken"."""
        return [(item_id, self.of(item_id)) for item_id in ItemId]


def _latest_first(consolidated: ConsolidatedItem) -> tuple[int, str]:
    recorded = consolidated.latest_date
    moment = MISSING_MOMENT if recorded is None else -((recorded.instant - _EPOCH) // _MICROSECOND)
    return (moment, consolidated.key.qualifier)


def form_order(key: ItemKey) -> tuple[int, str]:
    """Sort key of an item key in form order (item, then qualifier)."""
    return (FORM_POSITION[key.item], key.qualifier)


def same_date(a: RecordedItem, b: RecordedItem) -> bool:
    """Exactly the same clinical date (same instant), or both without a date."""
    if a.recorded is None or b.recorded is None:
        return a.recorded is None and b.recorded is None
    return a.recorded.instant == b.recorded.instant


# ---------------------------------------------------------------------------------------------
# Ranking (spec §3.2 step 4), shared with the history


class Ranking:
    """The order of spec §3.2 step 4 as one ascending key: a smaller key is newer/preferred.

    Dates sort as minus their microseconds since the epoch (exact, no float rounding); values
    are cached per date text, as many records share their conversation's date.
    """

    def __init__(self, source_order: Sequence[str] = ()) -> None:
        self._source_rank: dict[str, tuple[int, str]] = {}
        for source in source_order:
            self._source_rank.setdefault(source, (len(self._source_rank), ""))
        self._unknown_rank = len(self._source_rank)
        self._moments: dict[str, int] = {}
        self._versions: dict[str | None, tuple[int, int, str]] = {}

    def source_rank(self, source: str) -> tuple[int, str]:
        """Launching source first, then the given order, then unknown sources by name."""
        rank = self._source_rank.get(source)
        if rank is None:
            rank = (self._unknown_rank, source)
            self._source_rank[source] = rank
        return rank

    def moment(self, when: ClinicalDate | None) -> int:
        """Sort value of a date: newest smallest, missing after every real date."""
        if when is None:
            return MISSING_MOMENT
        value = self._moments.get(when.raw)
        if value is None:
            value = -((when.instant - _EPOCH) // _MICROSECOND)
            self._moments[when.raw] = value
        return value

    def _version(self, version: str | None) -> tuple[int, int, str]:
        key = self._versions.get(version)
        if key is None:
            if version is None:
                key = (2, 0, "")
            elif version.isdigit():
                key = (0, -int(version), "")  # the newer version of a resource first
            else:
                key = (1, 0, version)
            self._versions[version] = key
        return key

    def key(self, record: RecordedItem) -> RankKey:
        """Clinical date, lastUpdated, ENDED before CURRENT, source order, then method,
        reference, version, lastUpdated text and value as the deterministic final tie-break."""
        # The look-ups of moment(), source_rank() and _version() inlined: this runs for every
        # record that shares its clinical date with another record of the same item.
        moments = self._moments
        recorded = record.recorded
        if recorded is None:
            recorded_moment = MISSING_MOMENT
        else:
            recorded_moment = moments.get(recorded.raw) or self.moment(recorded)
        updated = record.last_updated
        if updated is None:
            updated_moment = MISSING_MOMENT
            updated_raw = ""
        else:
            updated_raw = updated.raw
            updated_moment = moments.get(updated_raw) or self.moment(updated)
        origin = record.origin
        return (
            recorded_moment,
            updated_moment,
            _STATUS_RANK[record.status._value_],
            self._source_rank.get(record.source) or self.source_rank(record.source),
            0 if origin.kind is _RESOURCE else 1,
            origin.reference,
            self._versions.get(origin.version) or self._version(origin.version),
            updated_raw,
            record.signature,
        )

    def better(self, a: RecordedItem, b: RecordedItem) -> bool:
        """True when ``a`` ranks before (is newer than) ``b``."""
        ka, kb = self.key(a), self.key(b)
        if ka != kb:
            return ka < kb
        return repr(a) < repr(b)  # look-alikes (see ``sort``)

    def sort(self, records: list[RecordedItem]) -> None:
        """Sort ``records`` in place, newest first.

        Records that share every part of the key but still differ (e.g. two records read from
        one resource that differ in something the key does not hold) are ordered by
        ``repr``, so that the result never depends on the input order.
        """
        if len(records) < 2:
            return
        keyed = sorted(((self.key(r), r) for r in records), key=_first)
        records[:] = _resolve_look_alikes(keyed)


def _first(pair: tuple[RankKey, RecordedItem]) -> RankKey:
    return pair[0]


def _resolve_look_alikes(keyed: list[tuple[RankKey, RecordedItem]]) -> list[RecordedItem]:
    out = [record for _key, record in keyed]
    start = 0
    for pos in range(1, len(keyed) + 1):
        if pos == len(keyed) or keyed[pos][0] != keyed[start][0]:
            if pos - start > 1:
                out[start:pos] = sorted(out[start:pos], key=repr)
            start = pos
    return out


# ---------------------------------------------------------------------------------------------
# Grouping, ranking and merging in one linear pass


@dataclass(slots=True)
class RankedGroup:
    """The live records of one item key, ranked and merged into events.

    ``records``, ``signature_ids`` (equal ids ⇔ equal values) and ``moments``
    (:meth:`Ranking.moment` of the clinical date) are parallel lists in input order; ``order``
    are indices into them, best first, exact duplicates left out. ``heads`` holds the best
    member of every event (rule 3), events ordered by their best member; ``members`` maps the
    position in ``heads`` of every event with more than one member to its members (indices,
    best first). Most events have one member, so they are not spelled out.
    """

    key: ItemKey
    records: list[RecordedItem]
    signature_ids: list[int]
    moments: list[int]
    order: list[int]
    heads: list[int]
    members: dict[int, list[int]]
    # Older versions of a resource whose newer version carries this key (rule 1b): history,
    # never current. Record ids (``id()``; the records are kept alive by ``records``), empty
    # when the group has none.
    superseded: AbstractSet[int] = frozenset()
    # Some record is PROPOSED (not yet agreed).
    has_proposed: bool = False
    # The merging's buckets: ``conversation number | value id`` → the first record (index)
    # of that conversation with that value; and the conversation numbers by (source,
    # reference). Used to find the other values of the current conversation (rule 8b).
    buckets: Mapping[object, int] = field(default_factory=dict)
    conversation_numbers: Mapping[tuple[str, str], int] = field(default_factory=dict)
    # Value signature → value id (as in ``signature_ids``), for records built into events.
    value_ids: Mapping[Signature, int] = field(default_factory=dict)

    def in_force(self, event: Sequence[int]) -> bool:
        """Whether the event (indices) may be the current agreement (rule 5): it has a member
        that is no superseded version, and when a member is PROPOSED, an agreed resource
        (a QuestionnaireResponse twin cannot say that a proposal was agreed)."""
        superseded = self.superseded
        records = self.records
        live = [records[i] for i in event if id(records[i]) not in superseded]
        if not live:
            return False
        if any(r.status is _PROPOSED for r in live):
            return any(r.status is not _PROPOSED and r.origin.kind is _RESOURCE for r in live)
        return True

    @property
    def events(self) -> list[list[int]]:
        """Every event as indices, best member first, events ordered by their best member."""
        members = self.members
        return [members.get(pos) or [head] for pos, head in enumerate(self.heads)]


def _duplicate(a: RecordedItem, b: RecordedItem) -> bool:
    """The same record seen twice (cheap checks first)."""
    return (
        a.origin.reference == b.origin.reference
        and a.source == b.source
        and a.recorded == b.recorded
        and a == b
    )


class _Shared:
    """Caches shared by the groups of one call (values, dates, conversations, names).

    Buckets are ints: a value id (a multiple of 2**32) ORed with a small number (context,
    conversation, day ordinal). The small number goes in the low bits, which is where a hash
    table looks first; the other way round, most buckets would collide.
    """

    def __init__(self, ranking: Ranking) -> None:
        # Value signature → value id; signatures that are the same value (see
        # :func:`canonical_signature`) share one id.
        self.signature_ids: dict[Signature, int] = {}
        self._canonical_ids: dict[Signature, int] = {}
        # Per date text: its moment (also put in the ranking's cache) and its local day as a
        # bucket number (its ordinal).
        self.dates: dict[str, tuple[int, int]] = {}
        self.moments = ranking._moments
        self.names: dict[str, str] = {}
        # Conversations as bucket numbers: by object first (records of one
        # conversation usually share their ConversationRef), else by value.
        self.conversation_by_object: dict[int, int] = {}
        self.conversation_by_value: dict[tuple[str, str], int] = {}
        self._keep_alive: list[ConversationRef] = []
        # Per ConversationRef object: the context of its records (see :class:`_Context`).
        self.contexts: dict[int, _Context] = {}

    def signature_id(self, signature: Signature) -> int:
        """The value id of a signature not seen before (a multiple of 2**32)."""
        canonical = canonical_signature(signature)
        sig = self._canonical_ids.get(canonical)
        if sig is None:
            sig = self._canonical_ids[canonical] = len(self._canonical_ids) << 32
        self.signature_ids[signature] = sig
        return sig

    def date(self, recorded: ClinicalDate) -> tuple[int, int]:
        info = self.dates.get(recorded.raw)
        if info is None:
            moment = -((recorded.instant - _EPOCH) // _MICROSECOND)
            self.moments[recorded.raw] = moment
            info = self.dates[recorded.raw] = (moment, recorded.local_day.toordinal())
        return info

    def conversation(self, conversation: ConversationRef) -> int:
        number = self.conversation_by_value.setdefault(
            (conversation.source, conversation.reference), len(self.conversation_by_value)
        )
        self.conversation_by_object[id(conversation)] = number
        self._keep_alive.append(conversation)  # so that its id() is not reused meanwhile
        return number

    def name(self, name: str) -> str:
        normalised = self.names.get(name)
        if normalised is None:
            normalised = self.names[name] = normalise_text(name)
        return normalised

    def context(self, record: RecordedItem, conversation: ConversationRef) -> _Context:
        """The context of ``record`` (which has a conversation), remembered per
        ConversationRef object for the next records of that conversation."""
        number = self.conversation_by_object.get(id(conversation))
        if number is None:
            number = self.conversation(conversation)
        recorded = record.recorded
        professional = record.professional
        moment, day = MISSING_MOMENT, -1
        if recorded is not None:
            moment, day = self.dates.get(recorded.raw) or self.date(recorded)
        if professional is None or not (professional.reference or professional.name):
            day = -1
        context = _Context(conversation, recorded, professional, number, moment, day)
        self.contexts[id(conversation)] = context
        return context


@dataclass(frozen=True, slots=True, eq=False)
class _Context:
    """What the merging reads from a record besides its value: conversation, date and
    professional. Records of one conversation usually share these objects, so they are
    resolved once per conversation object instead of once per record."""

    conversation: ConversationRef  # kept alive: the cache is keyed by its id()
    recorded: ClinicalDate | None
    professional: Professional | None
    conversation_number: int  # bucket number of the conversation
    moment: int
    day: int  # bucket number of the local day (its ordinal); -1 without date or professional


def rank_records(items: Iterable[RecordedItem], ranking: Ranking) -> list[RankedGroup]:
    """Drop ERROR records, group by item key, rank newest first and merge events (rule 3),
    dropping exact duplicates. Linear apart from one sort per key.

    The records are first split per key, and each key is then handled on its own, so that the
    hash maps stay small. The number of operations is linear in the number of records (the
    benchmark counts them); the time per record still grows somewhat with very large inputs,
    as for any Python loop, because the data no longer fits the CPU caches.
    """
    by_key: dict[tuple[str, str], list[RecordedItem]] = {}
    # The group of each ItemKey object (records often share them): no tuple per record.
    # Keyed by id(); the records keep their keys alive during this loop.
    by_key_object: dict[int, list[RecordedItem]] = {}
    # Versioned resources: the first record of each reference, and every record of the
    # references seen more than once (rule 1b). ERROR records count: they can withdraw one.
    first_of_reference: dict[str, RecordedItem] = {}
    several: dict[str, list[RecordedItem]] = {}
    proposed_groups: set[int] = set()
    for record in items:
        origin = record.origin
        if origin.version is not None and origin.kind is _RESOURCE:
            seen = first_of_reference.setdefault(origin.reference, record)
            if seen is not record:
                versions = several.get(origin.reference)
                if versions is None:
                    several[origin.reference] = [seen, record]
                else:
                    versions.append(record)
        status = record.status
        if status is _ERROR:
            continue
        key = record.key
        group = by_key_object.get(id(key))
        if group is None:
            group_id = (key.item._value_, key.qualifier)
            group = by_key.get(group_id)
            if group is None:
                group = by_key[group_id] = []
            by_key_object[id(key)] = group
        group.append(record)
        if status is _PROPOSED:
            proposed_groups.add(id(group))
    dropped, superseded, superseded_groups = (
        _versions(several) if several else (set(), set(), set())
    )
    if dropped:
        for group_id, group in list(by_key.items()):
            if any(id(r) in dropped for r in group):
                kept = [r for r in group if id(r) not in dropped]
                if kept:
                    group[:] = kept
                else:
                    del by_key[group_id]
    shared = _Shared(ranking)
    out = []
    for records in by_key.values():
        ranked = _rank_group(records, ranking, shared)
        key = records[0].key
        if (key.item._value_, key.qualifier) in superseded_groups:
            ranked.superseded = superseded
        ranked.has_proposed = id(records) in proposed_groups
        out.append(ranked)
    return out


def _version_order(record: RecordedItem) -> tuple[int, datetime, str]:
    """Sort key of a version of a resource, oldest first: numeric ``versionId``, else
    ``meta.lastUpdated``, else the version text."""
    version = record.origin.version or ""
    updated = record.last_updated
    return (
        int(version) if version.isdigit() else -1,
        updated.instant if updated is not None else _EPOCH,
        version,
    )


def _versions(
    several: Mapping[str, list[RecordedItem]],
) -> tuple[set[int], set[int], set[tuple[str, str]]]:
    """Rule 1b for resources read with several versions (``_history``): the ids of the
    records to drop (every version of a resource whose newest version is entered-in-error,
    and items its newest version no longer carries) and of the superseded records (older
    versions of an item the newest version of the resource still carries).

    Items read from a Patient (legal capacity, contacts) are recorded once per *change*
    (dated by the version in which the value changed), so a newer Patient version without a
    record of the item does not mean that it was dropped: for those only the newest record
    of each item counts, and nothing is dropped for want of a record.

    Also returns the groups (item value, qualifier) that hold a superseded record.
    """
    dropped: set[int] = set()
    superseded: set[int] = set()
    groups: set[tuple[str, str]] = set()
    for reference, records in several.items():
        first_source = records[0].source
        if all(map(eq, map(_source_of, records), repeat(first_source))):
            by_source = [records]
        else:
            grouped: dict[str, list[RecordedItem]] = {}
            for record in records:
                grouped.setdefault(record.source, []).append(record)
            by_source = list(grouped.values())
        per_change = reference.startswith("Patient/")
        for versions in by_source:
            if len(versions) < 2:
                continue
            version_ids = list(map(_version_of, versions))
            orders: list[Any]
            if all(map(str.isdigit, version_ids)):  # the usual case: numeric versionIds
                orders = list(map(int, version_ids))
            else:
                orders = list(map(_version_order, versions))
            newest = max(orders)
            if any(r.status is _ERROR for r in compress(versions, map(eq, orders, repeat(newest)))):
                dropped.update(map(id, versions))  # withdrawn, with all its versions
                continue
            first_key = versions[0].key
            if all(map(is_, map(_key_of, versions), repeat(first_key))) or all(
                map(eq, map(_key_of, versions), repeat(first_key))
            ):  # the usual case: one item
                older = list(compress(versions, map(ne, orders, repeat(newest))))
                if older:
                    superseded.update(map(id, older))
                    groups.add((first_key.item._value_, first_key.qualifier))
                continue
            newest_of_key: dict[ItemKey, Any] = {}
            for record, order in zip(versions, orders, strict=True):
                known = newest_of_key.get(record.key)
                if known is None or order > known:
                    newest_of_key[record.key] = order
            for record, order in zip(versions, orders, strict=True):
                newest_here = newest_of_key[record.key]
                if not per_change and newest_here != newest:
                    dropped.add(id(record))  # the newest version no longer carries it
                elif order != newest_here:
                    superseded.add(id(record))
                    groups.add((record.key.item._value_, record.key.qualifier))
    return dropped, superseded, groups


_source_of = attrgetter("source")
_key_of = attrgetter("key")
_version_of = attrgetter("origin.version")


def _rank_group(records: list[RecordedItem], ranking: Ranking, shared: _Shared) -> RankedGroup:
    """Rank and merge the live records of one key (see :func:`rank_records`).

    Merging hashes every record into buckets — same conversation; same local day (expanded
    to the professional's reference and normalised name only when a second record with the
    same value falls on that day); or, for a record with neither, its own identity (so that
    exact duplicates meet) — and joins records that share a bucket with union–find. Every
    bucket also holds the value signature.
    """
    count = len(records)
    parent = list(range(count))
    sig_of: list[int] = []
    moment_of: list[int] = []
    first: dict[object, int] = {}
    day_first: dict[int, int] = {}
    expanded: set[int] = set()
    signature_ids = shared.signature_ids
    dates = shared.dates
    append_sig = sig_of.append
    append_moment = moment_of.append

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            if ri < rj:
                parent[rj] = ri
            else:
                parent[ri] = rj

    def add_professional(i: int, day_bucket: int) -> None:
        professional = records[i].professional
        assert professional is not None
        if professional.reference:
            bucket: tuple[object, ...] = (day_bucket, "r", professional.reference)
            j = first.setdefault(bucket, i)
            if j != i:
                join(i, j)
        if professional.name:
            bucket = (day_bucket, "n", shared.name(professional.name))
            j = first.setdefault(bucket, i)
            if j != i:
                join(i, j)

    contexts = shared.contexts
    for i, record in enumerate(records):
        signature = record.signature
        sig = signature_ids.get(signature)
        if sig is None:
            sig = shared.signature_id(signature)
        append_sig(sig)
        conversation = record.conversation
        if conversation is not None:
            # Speed over clarity (this loop is most of the time of consolidate()): the
            # conversation, date and professional are looked up once per conversation object.
            context = contexts.get(id(conversation))
            if (
                context is None
                or context.recorded is not record.recorded
                or context.professional is not record.professional
            ):
                context = shared.context(record, conversation)
            append_moment(context.moment)
            j = first.setdefault(context.conversation_number | sig, i)
            if j != i:
                parent[i] = j if parent[j] == j else find(j)  # ``i`` is still a singleton
                other = records[j]
                if (
                    other.recorded is context.recorded
                    and other.professional is context.professional
                ):
                    continue  # the same context and value: every other bucket is shared too
            day = context.day
            if day < 0:
                continue
            professional = record.professional
            day_bucket = day | sig
            j = day_first.setdefault(day_bucket, i)
            if j != i:
                first_professional = records[j].professional
                if professional is first_professional or professional == first_professional:
                    join(i, j)  # the usual case: the other method's twin, same professional
                else:
                    if day_bucket not in expanded:
                        expanded.add(day_bucket)
                        add_professional(j, day_bucket)
                    add_professional(i, day_bucket)
            continue

        # Without a conversation: by day and professional, else by the record's identity.
        recorded = record.recorded
        day = -1
        if recorded is None:
            append_moment(MISSING_MOMENT)
        else:
            info = dates.get(recorded.raw) or shared.date(recorded)
            append_moment(info[0])
            day = info[1]
        professional = record.professional
        if day >= 0 and professional is not None and (professional.reference or professional.name):
            day_bucket = day | sig
            j = day_first.setdefault(day_bucket, i)
            if j != i:
                first_professional = records[j].professional
                if professional is first_professional or professional == first_professional:
                    join(i, j)
                else:
                    if day_bucket not in expanded:
                        expanded.add(day_bucket)
                        add_professional(j, day_bucket)
                    add_professional(i, day_bucket)
        else:
            origin = record.origin
            updated = record.last_updated
            bucket: tuple[object, ...] = (
                record.source,
                origin.reference,
                origin.version,
                updated.raw if updated is not None else None,
                sig,
            )
            j = first.setdefault(bucket, i)
            if j != i:
                join(i, j)

    # Some records are one event (else there are no exact duplicates either).
    merged = any(map(ne, parent, range(count)))
    # By clinical date (C-level key), then the full key inside runs of equal dates. Records
    # mostly arrive oldest first: from the last one, the dates are then one ascending run
    # for the sort, also where twins share a date (the order within runs is restored).
    order = list(range(count - 1, -1, -1))
    look_alikes: set[int] = set()
    if count > 1:
        order.sort(key=moment_of.__getitem__)
        look_alikes = _order_runs(order, moment_of, records, ranking)
    if not merged:  # the usual case without twins: every record is an event of its own
        return RankedGroup(
            records[0].key,
            records,
            sig_of,
            moment_of,
            order,
            order,
            {},
            buckets=first,
            conversation_numbers=shared.conversation_by_value,
            value_ids=signature_ids,
        )

    # Events in rank order. Records that never took part in a merge are events of their own;
    # the others are grouped by their union–find root, leaving exact duplicates out.
    linked = set(compress(range(count), map(ne, parent, range(count))))  # C-level passes
    linked.update(list(map(parent.__getitem__, linked)))
    heads: list[int] = []
    append_head = heads.append
    position_of_root: dict[int, int] = {}  # union–find root → position of its event in heads
    members: dict[int, list[int]] = {}  # see RankedGroup.members
    duplicates: set[int] = set()
    for i in order:
        if i not in linked:
            append_head(i)
            continue
        root = parent[i]
        if parent[root] != root:
            root = find(i)
        pos = position_of_root.get(root)
        if pos is None:
            position_of_root[root] = len(heads)
            append_head(i)
            continue
        event = members.get(pos)
        if i in look_alikes:  # only these can duplicate an earlier member
            record = records[i]
            if any(_duplicate(records[m], record) for m in event or (heads[pos],)):
                duplicates.add(i)
                continue
        if event is None:
            members[pos] = [heads[pos], i]
        else:
            event.append(i)
    if duplicates:
        order = [i for i in order if i not in duplicates]
    return RankedGroup(
        records[0].key,
        records,
        sig_of,
        moment_of,
        order,
        heads,
        members,
        buckets=first,
        conversation_numbers=shared.conversation_by_value,
        value_ids=signature_ids,
    )


def _order_runs(
    order: list[int], moments: list[int], records: list[RecordedItem], ranking: Ranking
) -> set[int]:
    """Order every run of equal clinical dates in ``order`` (sorted by date) by the full rank
    key, records that tie on it in input order. The runs are found with C-level passes; only
    they are looked at in Python.

    Returns the records that may be exact duplicates of the record before them: those with the
    same full key and ``repr`` (equal records have both, so they end up next to each other).
    """
    dates = list(map(moments.__getitem__, order))
    # Positions whose date equals the one before: the runs, less their first position.
    ties = list(compress(range(1, len(dates)), map(eq, dates, islice(dates, 1, None))))
    look_alikes: set[int] = set()
    if not ties:
        return look_alikes
    rank_key = ranking.key
    ties.append(-1)  # sentinel: ends the last run
    start = ties[0] - 1
    end = ties[0]
    for pos in islice(ties, 1, None):
        if pos == end + 1:
            end = pos
            continue
        # Within a run, records first in input order (whatever order the sort left them
        # in), so that records the full key cannot tell apart keep their input order.
        if end - start == 1:  # the common case: the other method's twin
            a, b = order[start], order[end]
            if a > b:
                a, b = b, a
            second_first = _second_first(records[a], records[b], ranking)
            if second_first is None:  # the same key and repr: perhaps a duplicate
                look_alikes.add(b)
            elif second_first:
                a, b = b, a
            order[start], order[end] = a, b
        else:
            run = sorted(
                ((rank_key(records[i]), i) for i in sorted(order[start : end + 1])), key=_first_i
            )
            order[start : end + 1] = _resolve_look_alike_indices(run, records, look_alikes)
        start = pos - 1
        end = pos
    return look_alikes


def _second_first(a: RecordedItem, b: RecordedItem, ranking: Ranking) -> bool | None:
    """True when ``b`` ranks before ``a`` (same clinical date): :meth:`Ranking.key` compared
    field by field, stopping at the first difference (usually source or method), then
    ``repr``; None when both are equal too (look-alikes, or the same record twice)."""
    updated_a, updated_b = a.last_updated, b.last_updated
    if updated_a is not updated_b and (
        updated_a is None or updated_b is None or updated_a.raw != updated_b.raw
    ):
        moment_a, moment_b = ranking.moment(updated_a), ranking.moment(updated_b)
        if moment_a != moment_b:
            return moment_b < moment_a
    if a.status is not b.status:
        return _STATUS_RANK[b.status._value_] < _STATUS_RANK[a.status._value_]
    if a.source != b.source:
        return ranking.source_rank(b.source) < ranking.source_rank(a.source)
    if a.origin.kind is not b.origin.kind:
        return b.origin.kind is _RESOURCE
    key_a, key_b = ranking.key(a), ranking.key(b)
    if key_a != key_b:
        return key_b < key_a
    repr_a, repr_b = repr(a), repr(b)
    if repr_a == repr_b:
        return None
    return repr_b < repr_a


def _first_i(pair: tuple[RankKey, int]) -> RankKey:
    return pair[0]


def _resolve_look_alike_indices(
    run: list[tuple[RankKey, int]], records: list[RecordedItem], look_alikes: set[int]
) -> list[int]:
    """The indices of ``run`` (sorted by key), records with equal keys ordered by ``repr``;
    adds to ``look_alikes`` every record with the same key and ``repr`` as the one before."""
    out = [i for _key, i in run]
    start = 0
    for pos in range(1, len(run) + 1):
        if pos == len(run) or run[pos][0] != run[start][0]:
            if pos - start > 1:
                texts = sorted((repr(records[i]), i) for i in out[start:pos])
                out[start:pos] = [i for _text, i in texts]
                look_alikes.update(
                    texts[k][1] for k in range(1, len(texts)) if texts[k][0] == texts[k - 1][0]
                )
            start = pos
    return out


# ---------------------------------------------------------------------------------------------
# Consolidation


def _superseded(other: RecordedItem, by: RecordedItem) -> bool:
    """True when ``by`` reliably replaces ``other`` at the same clinical date: same source and
    either the same resource (another version) or a later lastUpdated of the same server."""
    if other.source != by.source:
        return False
    if other.origin.kind is by.origin.kind and other.origin.reference == by.origin.reference:
        return True
    if other.last_updated is None or by.last_updated is None:
        return False
    return by.last_updated.instant > other.last_updated.instant


def _newer_version(a: RecordedItem, b: RecordedItem) -> bool:
    """Of two versions of one record: ``a`` is newer (later lastUpdated, else higher version)."""
    if a.last_updated is not None and b.last_updated is not None:
        if a.last_updated.instant != b.last_updated.instant:
            return a.last_updated.instant > b.last_updated.instant
    elif a.last_updated is not None or b.last_updated is not None:
        return a.last_updated is not None
    va, vb = a.origin.version or "", b.origin.version or ""
    if va.isdigit() and vb.isdigit():
        return int(va) > int(vb)
    return va > vb


@dataclass(frozen=True, slots=True)
class Event:
    """One candidate: records of one item that are one event (rule 3), best first."""

    members: tuple[RecordedItem, ...]
    representative: RecordedItem
    ended: bool
    # Members whose own (newest-version) status contradicts ``ended``: resources only, as a
    # QuestionnaireResponse cannot express that an agreement ended.
    status_disagrees: tuple[RecordedItem, ...] = ()


def make_event(members: Sequence[RecordedItem]) -> Event:
    """The representative and ended-ness of an event (members best first).

    Only the newest version of each record counts (an in-place update may end an agreement,
    or take it up again). The event has ENDED when the newest version of any of its records
    has: a QuestionnaireResponse twin of an ended Consent cannot say that the agreement ended,
    so it never makes the agreement current again. The representative is the best-ranked
    newest version with the event's status.
    """
    if len(members) == 1:
        only = members[0]
        return Event((only,), only, only.status is _ENDED)
    if all(m.status is _CURRENT for m in members):
        references = {(m.source, m.origin.reference) for m in members}
        if len(references) == len(members):  # the usual twins: no versions, nothing ended
            return Event(tuple(members), members[0], False)
    newest: dict[tuple[str, bool, str], RecordedItem] = {}
    for member in members:
        identity = (member.source, member.origin.kind is _RESOURCE, member.origin.reference)
        seen = newest.get(identity)
        if seen is None or _newer_version(member, seen):
            newest[identity] = member
    head_ids = {id(head) for head in newest.values()}
    heads = [m for m in members if id(m) in head_ids]
    ended = any(head.status is _ENDED for head in heads)
    candidates = [h for h in heads if (h.status is _ENDED) == ended]
    # An agreed record represents the event rather than a proposal with the same value.
    representative = next((h for h in candidates if h.status is not _PROPOSED), candidates[0])
    disagrees = tuple(
        h
        for h in heads
        if (h.status is _ENDED) != ended
        and h.origin.kind is _RESOURCE
        and not _superseded(h, representative)
    )
    return Event(tuple(members), representative, ended, disagrees)


def _representative(records: list[RecordedItem], event: list[int]) -> RecordedItem:
    """``make_event(...).representative`` of the event ``event`` (indices into ``records``),
    without building the event in the usual case: nothing ended and no two versions of one
    record (then it is the best member)."""
    if len(event) == 2:  # the usual twins, checked without building anything
        a, b = records[event[0]], records[event[1]]
        if (
            a.status is _CURRENT
            and b.status is _CURRENT
            and (a.source != b.source or a.origin.reference != b.origin.reference)
        ):
            return a
    members = [records[i] for i in event]
    sources: set[tuple[str, str]] = set()
    for member in members:
        if member.status is not _CURRENT:
            return make_event(members).representative
        sources.add((member.source, member.origin.reference))
    if len(sources) == len(members):
        return members[0]
    return make_event(members).representative


def _conflicts(
    current: Event, others: Sequence[Event], value_ids: Mapping[Signature, int]
) -> tuple[RecordedItem, ...]:
    """Records at the current event's date whose value or ended-ness differs (rule 8)."""
    found: list[RecordedItem] = list(current.status_disagrees)
    at = current.members[0]
    value = value_ids[current.representative.signature]
    for event in others:  # newest first: the same-date candidates come first
        if not same_date(event.members[0], at):
            break
        value_differs = value_ids[event.representative.signature] != value
        if not value_differs and event.ended == current.ended:
            continue
        for member in event.members:
            # Only members at the current date: an event can hold twins with another own
            # date (spec §7 item 5), which are older, not in conflict. A status-only
            # difference counts for resources only (a QR cannot say "ended").
            if (
                same_date(member, at)
                and (value_differs or member.origin.kind is _RESOURCE)
                and not any(_superseded(member, winner) for winner in current.members)
            ):
                found.append(member)
                break
    return tuple(found)


def _current_position(group: RankedGroup) -> int:
    """The position in ``group.heads`` of the current event (rule 5): the best event that is
    in force; when none is (only proposals), the best event with a record that is no
    superseded version."""
    if not group.superseded and not group.has_proposed:
        return 0
    members = group.members
    for pos, head in enumerate(group.heads):
        if group.in_force(members.get(pos) or (head,)):
            return pos
    records, superseded = group.records, group.superseded
    for pos, head in enumerate(group.heads):
        if any(id(records[i]) not in superseded for i in members.get(pos) or (head,)):
            return pos
    return 0


def _consolidated(group: RankedGroup) -> ConsolidatedItem:
    records = group.records
    sig_of = group.signature_ids
    moment_of = group.moments
    heads = group.heads
    members = group.members
    cur = _current_position(group)
    head = heads[cur]
    current_members = members.get(cur)
    current = make_event([records[i] for i in current_members or (head,)])
    rep = current.representative
    current_sig = sig_of[head]  # all members of an event share the value
    # Other events: their representative (the best member, unless versions or an ended
    # member decide otherwise), newest first.
    older = list(map(records.__getitem__, heads))
    for pos, event in members.items():
        older[pos] = _representative(records, event)
    del older[cur]
    if heads is group.order and len(heads) == len(sig_of):  # every record an event of its own
        head_sigs = sig_of
    else:
        head_sigs = list(map(sig_of.__getitem__, heads))
    # Events at the current date can conflict (rule 8a): those are built in full.
    at = moment_of[head]
    same_date_events: list[Event] = []
    start = cur
    while start > 0 and moment_of[heads[start - 1]] == at:
        start -= 1
    for pos in range(start, len(heads)):
        if moment_of[heads[pos]] != at:  # equal moments ⇔ the same instant, or both undated
            if pos > cur:
                break
            continue
        if pos == cur or not _eligible(group, pos):
            continue
        same_date_events.append(make_event([records[i] for i in members.get(pos) or (heads[pos],)]))
    conflicts = _conflicts(current, same_date_events, group.value_ids)
    if head_sigs.count(current_sig) != len(head_sigs):
        conflicts = _unordered_conflicts(group, cur, current, conflicts)
    return ConsolidatedItem(
        key=group.key,
        current=rep,
        same_event=tuple(m for m in current.members if m is not rep),
        older=tuple(older),
        older_differs=head_sigs.count(current_sig) != len(head_sigs),
        conflicts=conflicts,
        ended=current.ended,
        date_uncertain=rep.recorded is None or rep.date_basis.uncertain,
    )


def _eligible(group: RankedGroup, pos: int) -> bool:
    """Whether the event at ``pos`` can compete with the current one (it is in force)."""
    if not group.superseded and not group.has_proposed:
        return True
    return group.in_force(group.members.get(pos) or (group.heads[pos],))


def same_at_common_precision(a: ClinicalDate | None, b: ClinicalDate | None) -> bool:
    """Dates that cannot be ordered (rule 8b): equal at their common precision — the year,
    month or day in Europe/Amsterdam, the instant only when both have a time — or both
    missing."""
    if a is None or b is None:
        return a is None and b is None
    precision_a, precision_b = a.precision, b.precision
    if precision_a is _TIME and precision_b is _TIME:
        return a.instant == b.instant
    day_a, day_b = a.local_day, b.local_day
    if precision_a is _YEAR or precision_b is _YEAR:
        return day_a.year == day_b.year
    if precision_a is _MONTH or precision_b is _MONTH:
        return day_a.year == day_b.year and day_a.month == day_b.month
    return day_a == day_b


def _unordered_conflicts(
    group: RankedGroup,
    cur: int,
    current: Event,
    found: tuple[RecordedItem, ...],
) -> tuple[RecordedItem, ...]:
    """Rule 8b: the records of other events in force, with another value, that cannot be
    ordered against the current event — they belong to the same conversation, or their dates
    are equal at the common precision — added to ``found`` in rank order.

    The same conversation is found through the merging's buckets (one look-up per other
    value); equal dates only among the events of the current event's local year(s), which
    are next to it in rank order.
    """
    records = group.records
    heads = group.heads
    members = group.members
    moment_of = group.moments
    sig_of = group.signature_ids
    current_sig = sig_of[heads[cur]]
    candidates: dict[int, list[int]] = {}  # event position → record indices, best first

    numbers = group.conversation_numbers
    conversation_numbers = {
        number
        for m in current.members
        if m.conversation is not None
        and (number := numbers.get((m.conversation.source, m.conversation.reference))) is not None
    }
    if conversation_numbers:
        buckets = group.buckets
        for sig in set(sig_of):
            if sig == current_sig:
                continue
            for number in conversation_numbers:
                j = buckets.get(number | sig)
                if j is not None:
                    pos = _position_of(group, j)
                    same = [
                        i
                        for i in members.get(pos) or (heads[pos],)
                        if (ref := records[i].conversation) is not None
                        and numbers.get((ref.source, ref.reference)) in conversation_numbers
                    ]
                    candidates.setdefault(pos, []).extend(same)

    dates = [m.recorded for m in current.members if m.recorded is not None]
    if dates:
        years = [d.local_day.year for d in dates]
        # Events dated from the start of the earliest of those years (moments are minus
        # microseconds since the epoch: a larger moment is older).
        oldest = -((_local_new_year(min(years)) - _EPOCH) // _MICROSECOND)
        for pos in range(len(heads)):
            if pos == cur:
                continue
            head = heads[pos]
            if moment_of[head] > oldest:
                if pos > cur:
                    break
                continue
            if sig_of[head] == current_sig:
                continue
            for i in members.get(pos) or (head,):
                if any(same_at_common_precision(records[i].recorded, d) for d in dates):
                    candidates.setdefault(pos, []).append(i)

    out = list(found)
    reported = {id(x) for x in out}
    for pos in sorted(candidates):
        if not _eligible(group, pos):
            continue
        event = members.get(pos) or (heads[pos],)
        if any(id(records[i]) in reported for i in event):
            continue  # one record per event (rule 8a may have reported this one)
        for i in candidates[pos]:
            member = records[i]
            if id(member) in group.superseded:
                continue
            if any(_superseded(member, winner) for winner in current.members):
                continue
            out.append(member)
            break
    return tuple(out)


def _position_of(group: RankedGroup, index: int) -> int:
    """The position in ``group.heads`` of the event that holds record ``index``."""
    for pos, head in enumerate(group.heads):
        if head == index or index in group.members.get(pos, ()):
            return pos
    raise ValueError(index)  # every live record is in an event


def _local_new_year(year: int) -> datetime:
    """1 January ``year``, 00:00 in Europe/Amsterdam, as an instant."""
    return ClinicalDate.parse(f"{year:04d}").instant


@dataclass(frozen=True, slots=True)
class RankedItems:
    """Every live record ranked and merged into events once (:func:`rank_items`): what the
    overview (:func:`overview_of`) and the history
    (:func:`~pzp_desktop.domain.history.history_of`) are both built from."""

    ranking: Ranking
    groups: tuple[RankedGroup, ...]  # one per item key, in form order


def rank_items(items: Iterable[RecordedItem], source_order: Sequence[str] = ()) -> RankedItems:
    """Rank and merge ``items`` (see :func:`rank_records`); ``source_order`` as for
    :func:`consolidate`."""
    ranking = Ranking(source_order)
    groups = sorted(rank_records(items, ranking), key=lambda g: form_order(g.key))
    return RankedItems(ranking, tuple(groups))


def overview_of(ranked: RankedItems) -> Overview:
    """The overview of records ranked by :func:`rank_items` (see :func:`consolidate`)."""
    return Overview({group.key: _consolidated(group) for group in ranked.groups})


def consolidate(items: Iterable[RecordedItem], source_order: Sequence[str] = ()) -> Overview:
    """The latest value of every item key (spec §3.2), from all sources and both methods.

    ``source_order[0]`` is the launching source; it wins ties that the clinical date and
    lastUpdated leave open, followed by the other sources in the given order and then unknown
    sources by name.
    """
    return overview_of(rank_items(items, source_order))


__all__ = [
    "FORM_POSITION",
    "MISSING_MOMENT",
    "ConsolidatedItem",
    "Event",
    "Overview",
    "RankedGroup",
    "RankedItems",
    "Ranking",
    "consolidate",
    "form_order",
    "make_event",
    "overview_of",
    "rank_items",
    "rank_records",
    "same_date",
]

"""From the fetched resources of every source to one overview and one history.

Per source the domain reads the resources (:func:`read_source`). Before consolidation the
same record present in several sources (a copy exchanged between systems) is counted once:
records whose resources share a business identifier (system + value, spec §7 item 19), with
the same item, value and status, are duplicates, and the copy in the later source (in
source order: the launching source first) is dropped. Conversations whose Encounter,
Procedure or QuestionnaireResponse share an identifier are the same conversation; the
later source's items are re-linked to the earlier source's conversation.

Only clinical records take part (Consent, Goal, Observation, …, Encounter, Procedure,
QuestionnaireResponse): identifiers of master data (a BSN, an AGB code) are shared across
sources by design and say nothing about a record being a copy.

The fetched JSON is not kept once a source has been read: a patient with a long history has
tens of thousands of resource versions, and their parsed JSON is several times the size of
everything read from it. Per source :class:`KeptResources` keeps what later steps need —
the current Patient and RelatedPersons (the editor updates them in place, with
``If-Match``), the business identifiers of the Encounters (whether a conversation was
saved already) and how many resource versions were fetched.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pzp_desktop import describe_exception
from pzp_desktop.domain.consolidation import Overview
from pzp_desktop.domain.fhir_json import (
    PackedResource,
    PackedResources,
    business_identifiers,
    header_of,
)
from pzp_desktop.domain.history import ConversationHistory, overview_and_history
from pzp_desktop.domain.items import (
    Conversation,
    ConversationRef,
    ItemKey,
    ReadProblem,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.patient import PatientSummary
from pzp_desktop.domain.reading import SourceRecord, read_source
from pzp_desktop.fhir.fetch import FetchResult
from pzp_desktop.sources.fetch import SourceResult

__all__ = [
    "KeptResources",
    "PatientData",
    "SourceReader",
    "combine",
    "deduplicate_across_sources",
    "keep_resources",
    "record_identifiers",
    "version_number",
]

log = logging.getLogger(__name__)

Json = dict[str, Any]
Identifier = tuple[str, str]

#: Resource types whose business identifiers identify one record (not a person).
RECORD_TYPES = frozenset(
    {
        "Consent",
        "Goal",
        "Observation",
        "DeviceUseStatement",
        "Communication",
        "QuestionnaireResponse",
        "Encounter",
        "Procedure",
    }
)


#: Resource types the editor may update in place; their newest versions are kept.
EDITABLE_TYPES = frozenset({"Patient", "RelatedPerson"})


@dataclass(frozen=True)
class KeptResources:
    """What is kept of one source's fetched resources once they have been read."""

    #: How many resource versions the source returned.
    count: int = 0
    #: ``Type/id`` -> the newest version of each Patient and RelatedPerson (JSON as received).
    current: dict[str, Json] = field(default_factory=dict)
    #: Business identifiers (system, value) of the source's Encounters.
    encounter_identifiers: frozenset[Identifier] = frozenset()


def version_number(resource: Json | PackedResource) -> tuple[int, str]:
    """``meta.versionId`` as (number, text) for ordering; (-1, text) when not a number."""
    if isinstance(resource, PackedResource):
        version: object = resource.version
    else:
        meta = resource.get("meta")
        version = meta.get("versionId") if isinstance(meta, dict) else None
    text = str(version) if version is not None else ""
    return (int(text) if text.isdigit() else -1, text)


def _held(resources: Iterable[Json]) -> Iterable[Json | PackedResource]:
    """The resources as held: packed ones without parsing them."""
    return resources.packed if isinstance(resources, PackedResources) else resources


def keep_resources(
    resources: Sequence[Json], identifiers: dict[str, frozenset[Identifier]]
) -> KeptResources:
    """The part of a source's ``resources`` that is kept after reading; ``identifiers``:
    their :func:`record_identifiers`. Of packed resources only the kept ones are parsed."""
    newest: dict[str, Json | PackedResource] = {}
    for resource in _held(resources):
        rtype, rid, _ = header_of(resource)
        if rtype not in EDITABLE_TYPES or rid is None:
            continue
        key = f"{rtype}/{rid}"
        kept = newest.get(key)
        if kept is None or version_number(resource) > version_number(kept):
            newest[key] = resource
    current = {
        key: resource.load() if isinstance(resource, PackedResource) else resource
        for key, resource in newest.items()
    }
    encounters: set[Identifier] = set()
    for key, found in identifiers.items():
        if key.startswith("Encounter/"):
            encounters |= found
    return KeptResources(len(resources), current, frozenset(encounters))


@dataclass
class PatientData:
    """Everything the viewer shows for one patient.

    ``results``: per source its status and message; their ``fetch`` no longer holds the
    resources (:func:`combine` releases them) — what is kept of those is in ``kept``.
    """

    results: list[SourceResult]
    records: list[SourceRecord]
    items: list[RecordedItem]
    conversations: list[Conversation]
    overview: Overview
    history: list[ConversationHistory]
    source_order: list[str]
    duplicates_removed: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    #: Per source name, what is kept of its resources (only sources that were read).
    kept: dict[str, KeptResources] = field(default_factory=dict)

    def kept_of(self, source: str) -> KeptResources:
        """What is kept of ``source``'s resources (empty when it was not read)."""
        return self.kept.get(source) or KeptResources()

    @property
    def patient(self) -> PatientSummary | None:
        """The patient as the first source (in source order) that found them has them."""
        by_name = {r.source: r for r in self.records}
        for name in self.source_order:
            record = by_name.get(name)
            if record is not None and record.patient is not None:
                return record.patient
        return None


def record_identifiers(resources: Iterable[Json]) -> dict[str, frozenset[Identifier]]:
    """``Type/id`` -> business identifiers (system, value) of record resources (all
    versions together). Packed resources are not parsed (they carry their identifiers)."""
    found: dict[str, set[Identifier]] = {}
    for resource in _held(resources):
        rtype, rid, _ = header_of(resource)
        if rtype not in RECORD_TYPES or rid is None:
            continue
        identifiers = (
            resource.identifiers
            if isinstance(resource, PackedResource)
            else business_identifiers(resource)
        )
        if identifiers:
            found.setdefault(f"{rtype}/{rid}", set()).update(identifiers)
    return {k: frozenset(v) for k, v in found.items()}


def _conversation_identifiers(
    conversation: Conversation, identifiers: dict[str, frozenset[Identifier]]
) -> set[Identifier]:
    refs = [conversation.encounter, conversation.procedure, *conversation.questionnaire_responses]
    out: set[Identifier] = set()
    for ref in refs:
        if ref:
            out |= identifiers.get(ref, frozenset())
    return out


def deduplicate_across_sources(
    records: Sequence[SourceRecord],
    identifiers: dict[str, dict[str, frozenset[Identifier]]],
) -> tuple[list[RecordedItem], list[Conversation], int]:
    """Items and conversations of all ``records`` (in source order) without cross-source
    copies; returns them and how many duplicates were removed.

    ``identifiers``: per source name, :func:`record_identifiers` of its resources.
    """
    conversation_owner: dict[Identifier, tuple[str, ConversationRef]] = {}
    item_owner: dict[tuple[ItemKey, Identifier, Any, RecordStatus], str] = {}
    remap: dict[ConversationRef, ConversationRef] = {}
    conversations: list[Conversation] = []
    items: list[RecordedItem] = []
    removed = 0

    for record in records:
        ids = identifiers.get(record.source, {})
        for conversation in record.conversations:
            own = _conversation_identifiers(conversation, ids)
            earlier = next(
                (
                    conversation_owner[i][1]
                    for i in sorted(own)
                    if i in conversation_owner and conversation_owner[i][0] != record.source
                ),
                None,
            )
            if earlier is not None:
                remap[conversation.ref] = earlier
                removed += 1
                continue
            for identifier in own:
                conversation_owner.setdefault(identifier, (record.source, conversation.ref))
            conversations.append(conversation)

        for item in record.items:
            own_ids = ids.get(item.origin.reference, frozenset())
            signature_keys = [(item.key, i, item.signature, item.status) for i in sorted(own_ids)]
            if any(
                key in item_owner and item_owner[key] != record.source for key in signature_keys
            ):
                removed += 1
                continue
            for key in signature_keys:
                item_owner.setdefault(key, record.source)
            if item.conversation is not None and item.conversation in remap:
                item = dataclasses.replace(item, conversation=remap[item.conversation])
            items.append(item)
    return items, conversations, removed


def source_order(results: Sequence[SourceResult]) -> list[str]:
    """Source names, the launching (primary) source first, otherwise as configured."""
    indexed = list(enumerate(results))
    indexed.sort(key=lambda pair: (not pair[1].source.primary, pair[0]))
    return [r.source.name for _, r in indexed]


def _released(fetched: FetchResult) -> FetchResult:
    """``fetched`` without its resources (the counts, problems and decisions stay)."""
    outcomes = {
        key: dataclasses.replace(outcome, entries=[]) for key, outcome in fetched.outcomes.items()
    }
    return dataclasses.replace(fetched, resources=PackedResources(), outcomes=outcomes)


@dataclass
class _SourceRead:
    """One source read: its record (``None`` when reading failed), problems and what is
    kept of its resources."""

    record: SourceRecord | None
    problems: list[ReadProblem]
    identifiers: dict[str, frozenset[Identifier]]
    kept: KeptResources


def _read_result(result: SourceResult) -> _SourceRead | None:
    """Read one source that answered, and release its resources (``result.fetch`` is
    replaced by one without them); ``None`` when it did not answer."""
    fetched = result.fetch
    if not result.ok or fetched is None:
        return None
    name = result.source.name
    result.fetch = _released(fetched)
    resources = fetched.resources
    problems = [ReadProblem(name, None, problem.message) for problem in fetched.problems]
    problems += [ReadProblem(name, u.reference, u.reason) for u in fetched.unresolved]
    patient_reference = fetched.patient_reference
    del fetched
    try:
        record: SourceRecord | None = read_source(name, resources, patient_reference)
    except Exception as exc:  # the domain never should; one source must not sink all
        log.error("Lezen van een bron mislukt: %s", describe_exception(exc))
        problems.append(
            ReadProblem(name, None, "De gegevens van deze bron konden niet worden gelezen.")
        )
        record = None
    # After reading, not before: what reading holds at its peak is then gone again.
    identifiers = record_identifiers(resources)
    kept = keep_resources(resources, identifiers)
    del resources
    if record is not None:
        problems.extend(record.problems)
    return _SourceRead(record, problems, identifiers, kept)


class SourceReader:
    """Reads each source as soon as its fetch is done, so that its JSON is gone before the
    other sources are done (otherwise every source's JSON is alive at once)::

        reader = SourceReader()
        results = fetch_sources(sources, query, on_finished=reader.read)
        data = reader.combine(results)

    :meth:`read` may be called from the fetching threads; a source it has not seen is read
    by :meth:`combine`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: dict[int, _SourceRead | None] = {}  # by id() of the SourceResult

    def read(self, result: SourceResult) -> None:
        done = _read_result(result)
        with self._lock:
            self._read[id(result)] = done

    def combine(self, results: Sequence[SourceResult]) -> PatientData:
        with self._lock:
            done = dict(self._read)
            self._read.clear()
        return _combine(results, done)


def combine(results: Sequence[SourceResult]) -> PatientData:
    """Read every source that answered and consolidate them into one overview.

    Each source's fetched resources are released as soon as it has been read (its
    ``result.fetch`` is replaced by one without resources), so that the JSON of a source is
    never alive next to everything read from the sources before it; what later steps need
    is in :attr:`PatientData.kept`. :class:`SourceReader` reads sources while the others
    are still being fetched.
    """
    return _combine(results, {})


def _combine(results: Sequence[SourceResult], done: dict[int, _SourceRead | None]) -> PatientData:
    order = source_order(results)
    by_name = {r.source.name: r for r in results}
    records: list[SourceRecord] = []
    identifiers: dict[str, dict[str, frozenset[Identifier]]] = {}
    kept: dict[str, KeptResources] = {}
    problems: list[ReadProblem] = []

    for name in order:
        result = by_name[name]
        read = done[id(result)] if id(result) in done else _read_result(result)
        if read is None:
            continue
        problems.extend(read.problems)
        kept[name] = read.kept
        if read.record is not None:
            records.append(read.record)
            identifiers[name] = read.identifiers

    items, conversations, removed = deduplicate_across_sources(records, identifiers)
    overview, history = overview_and_history(conversations, items, order)  # one ranking
    return PatientData(
        results=list(results),
        records=records,
        items=items,
        conversations=conversations,
        overview=overview,
        history=history,
        source_order=order,
        duplicates_removed=removed,
        problems=problems,
        kept=kept,
    )

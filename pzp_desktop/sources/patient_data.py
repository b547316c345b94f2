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
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pzp_desktop import describe_exception
from pzp_desktop.domain.consolidation import Overview, consolidate
from pzp_desktop.domain.history import ConversationHistory, build_history
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
from pzp_desktop.sources.fetch import SourceResult

__all__ = ["PatientData", "combine", "deduplicate_across_sources", "record_identifiers"]

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


@dataclass
class PatientData:
    """Everything the viewer shows for one patient."""

    results: list[SourceResult]
    records: list[SourceRecord]
    items: list[RecordedItem]
    conversations: list[Conversation]
    overview: Overview
    history: list[ConversationHistory]
    source_order: list[str]
    duplicates_removed: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

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
    versions together)."""
    found: dict[str, set[Identifier]] = {}
    for resource in resources:
        rtype = resource.get("resourceType")
        rid = resource.get("id")
        if rtype not in RECORD_TYPES or not isinstance(rid, str):
            continue
        identifiers = resource.get("identifier")
        if isinstance(identifiers, dict):  # QuestionnaireResponse.identifier is 0..1
            identifiers = [identifiers]
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if not isinstance(identifier, dict):
                continue
            system = identifier.get("system")
            value = identifier.get("value")
            if isinstance(system, str) and system and isinstance(value, str) and value:
                found.setdefault(f"{rtype}/{rid}", set()).add((system, value.strip()))
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


def combine(results: Sequence[SourceResult]) -> PatientData:
    """Read every source that answered and consolidate them into one overview."""
    order = source_order(results)
    by_name = {r.source.name: r for r in results}
    records: list[SourceRecord] = []
    identifiers: dict[str, dict[str, frozenset[Identifier]]] = {}
    problems: list[ReadProblem] = []

    for name in order:
        result = by_name[name]
        fetched = result.fetch
        if not result.ok or fetched is None:
            continue
        for problem in fetched.problems:
            problems.append(ReadProblem(name, None, problem.message))
        for unresolved in fetched.unresolved:
            problems.append(ReadProblem(name, unresolved.reference, unresolved.reason))
        try:
            record = read_source(name, fetched.resources, fetched.patient_reference)
        except Exception as exc:  # the domain never should; one source must not sink all
            log.error("Lezen van een bron mislukt: %s", describe_exception(exc))
            problems.append(
                ReadProblem(name, None, "De gegevens van deze bron konden niet worden gelezen.")
            )
            continue
        records.append(record)
        problems.extend(record.problems)
        identifiers[name] = record_identifiers(fetched.resources)

    items, conversations, removed = deduplicate_across_sources(records, identifiers)
    return PatientData(
        results=list(results),
        records=records,
        items=items,
        conversations=conversations,
        overview=consolidate(items, order),
        history=build_history(conversations, items, order),
        source_order=order,
        duplicates_removed=removed,
        problems=problems,
    )

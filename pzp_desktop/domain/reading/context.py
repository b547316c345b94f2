"""What the readers of one source share while reading."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json, ResourceIndex
from pzp_desktop.domain.items import (
    Conversation,
    ConversationRef,
    Professional,
    ReadProblem,
    RecordedItem,
)
from pzp_desktop.domain.patient import PatientSummary


@dataclass
class SourceRecord:
    """Everything read from one source for one patient."""

    source: str
    patient: PatientSummary | None = None
    conversations: list[Conversation] = field(default_factory=list)
    items: list[RecordedItem] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


class ReadContext:
    """Reference resolution, conversations and problem reporting for one source."""

    def __init__(
        self, source: str, resources: Iterable[Json], patient_reference: str | None = None
    ) -> None:
        self.source = source
        # ``Patient/<id>`` of the patient the source was read for (None: infer from the data).
        self.patient_reference = patient_reference
        self.index = ResourceIndex(resources)
        self.problems: list[ReadProblem] = []
        # Conversations by the key of their Encounter (``Encounter/<id>``), filled first.
        self.conversations: dict[str, Conversation] = {}
        self._professionals: dict[str, Professional | None] = {}

    def problem(self, reference: str | None, message: str) -> None:
        """Report something that could not be read; ``message`` is Dutch, without PHI."""
        self.problems.append(ReadProblem(self.source, reference, message))

    def conversation_for(self, encounter_reference: str | None) -> Conversation | None:
        """The conversation of a (relative or absolute) Encounter reference, if known."""
        if not encounter_reference:
            return None
        resolved = self.index.get(encounter_reference)
        if resolved is None:
            return None
        return self.conversations.get(f"Encounter/{resolved.get('id')}")

    def conversation_ref(self, encounter_reference: str | None) -> ConversationRef | None:
        conversation = self.conversation_for(encounter_reference)
        return conversation.ref if conversation else None

    def conversation_date(self, encounter_reference: str | None) -> ClinicalDate | None:
        conversation = self.conversation_for(encounter_reference)
        return conversation.date if conversation else None

    def professional(
        self, reference: str | None, referrer: Json | None = None
    ) -> Professional | None:
        """The professional behind a PractitionerRole or Practitioner reference (cached)."""
        if not reference:
            return None
        cache_key = reference if not reference.startswith("#") else f"{id(referrer)}{reference}"
        if cache_key not in self._professionals:
            from pzp_desktop.domain.reading.professionals import resolve_professional

            self._professionals[cache_key] = resolve_professional(self, reference, referrer)
        return self._professionals[cache_key]

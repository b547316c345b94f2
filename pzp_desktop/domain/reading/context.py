"""What the readers of one source share while reading."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pzp_desktop.domain.dates import ClinicalDate, Precision
from pzp_desktop.domain.fhir_json import Json, ResourceIndex
from pzp_desktop.domain.items import (
    Conversation,
    ConversationRef,
    Professional,
    ReadProblem,
    RecordedItem,
)
from pzp_desktop.domain.patient import PatientSummary

_COARSE = frozenset({Precision.YEAR, Precision.MONTH})


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
        # Records read as only the first contact person (RelatedPerson keys, and the Patient
        # key when only its Patient.contact lists one); filled on first use.
        self.first_contact_keys: frozenset[str] | None = None
        self._by_day: dict[date, list[Conversation]] | None = None
        self._coarse: list[Conversation] = []
        self._indexed = 0

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

    def conversations_on(self, day: ClinicalDate) -> list[Conversation]:
        """The conversations (of :attr:`conversations`, in their order) that may fall on the
        same day as ``day`` (:func:`~pzp_desktop.domain.reading.record_helpers.same_day`
        decides): those on its local day plus those dated only by year or month; every
        conversation for a date that is itself only a year or a month."""
        if self._by_day is None or self._indexed != len(self.conversations):
            self._by_day, self._coarse = {}, []
            self._indexed = len(self.conversations)
            for conversation in self.conversations.values():
                if conversation.date is None:
                    continue
                if conversation.date.precision in _COARSE:
                    self._coarse.append(conversation)
                else:
                    self._by_day.setdefault(conversation.date.local_day, []).append(conversation)
        if day.precision in _COARSE:
            return [c for c in self.conversations.values() if c.date is not None]
        found = self._by_day.get(day.local_day, [])
        if not self._coarse:
            return list(found)
        wanted = {id(c) for c in (*found, *self._coarse)}
        return [c for c in self.conversations.values() if id(c) in wanted]

    def conversation_ref(self, encounter_reference: str | None) -> ConversationRef | None:
        conversation = self.conversation_for(encounter_reference)
        return conversation.ref if conversation else None

    def conversation_date(self, encounter_reference: str | None) -> ClinicalDate | None:
        conversation = self.conversation_for(encounter_reference)
        return conversation.date if conversation else None

    def professional(
        self, reference: str | None, referrer: Json | None = None
    ) -> Professional | None:
        """The professional behind a PractitionerRole or Practitioner reference (cached,
        except for a ``#id`` into the referrer's ``contained``: resources read one at a time
        are released after reading, so a referrer's identity does not name it)."""
        if not reference:
            return None
        from pzp_desktop.domain.reading.professionals import resolve_professional

        if reference.startswith("#"):
            return resolve_professional(self, reference, referrer)
        if reference not in self._professionals:
            self._professionals[reference] = resolve_professional(self, reference, referrer)
        return self._professionals[reference]

"""Small builders for the editor tests: recorded items, conversations, a loaded patient."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, SCT, Coding
from pzp_desktop.domain.consolidation import Overview, consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.editing.draft import Draft
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
from pzp_desktop.domain.reading.context import SourceRecord

HOSPITAL = "Ziekenhuis Noord (EPD)"
GP = "Huisartsenpraktijk Zuid (HIS)"
TODAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)
CONVERSATION_DATE = "2026-03-12T14:30:00+01:00"
PATIENT_REF = "Patient/pat-1"

JANSEN = Professional(name="Anna Jansen", reference="PractitionerRole/rol-jansen")
VAN_DAM = Professional(name="Pieter van Dam", reference="PractitionerRole/rol-van-dam")

WEL = Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")
ANDERS = Coding(BEHANDEL_BESLUIT, "1", "Anders")
NIET = Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")
UNKNOWN = Coding(NULL_FLAVOR, "UNK", "Onbekend")
SCT_YES = Coding(SCT, "373066001", "Ja")
SCT_NO = Coding(SCT, "373067005", "Nee")
YES = Coding(None, "1", "Ja")
NO = Coding(None, "0", "Nee")
CURATIVE = Coding(SCT, "385987000")
COMFORT_ONLY = Coding(SCT, "225353007")
AGREED = Coding(SCT, "441898007", "Akkoord")
HOSPICE = Coding(SCT, "284546000", "Hospice")
HOME = Coding(SCT, "264362003", "Thuis")

DECISION_LINK = {
    ItemId.RESUSCITATION: "1386",
    ItemId.VENTILATION: "1387",
    ItemId.ICU_ADMISSION: "1390",
    ItemId.HOSPITAL_ADMISSION: "1393",
    ItemId.ANTIBIOTICS: "1396",
    ItemId.BLOOD_PRODUCTS: "1399",
}


def key(item: ItemId, qualifier: str = "") -> ItemKey:
    return ItemKey(item, qualifier)


def decision(item: ItemId, coding: Coding) -> tuple[Answer, ...]:
    return (Answer(DECISION_LINK[item], coding),)


_counter = iter(range(1, 1_000_000))


def record(
    item: ItemId,
    answers: Sequence[Answer],
    *,
    when: str = "2026-01-05T10:00:00+01:00",
    source: str = HOSPITAL,
    reference: str | None = None,
    version: str = "1",
    professional: Professional | None = JANSEN,
    conversation: str | None = None,
    status: RecordStatus = RecordStatus.CURRENT,
    qualifier: str = "",
    kind: OriginKind = OriginKind.RESOURCE,
) -> RecordedItem:
    recorded = ClinicalDate.parse(when)
    return RecordedItem(
        key=ItemKey(item, qualifier),
        answers=tuple(answers),
        source=source,
        origin=Origin(kind, reference or f"Consent/r{next(_counter)}", version),
        recorded=recorded,
        date_basis=DateBasis.RECORD,
        status=status,
        conversation=ConversationRef(source, conversation) if conversation else None,
        professional=professional,
        last_updated=recorded,
    )


def conversation(
    reference: str,
    when: str,
    *,
    source: str = HOSPITAL,
    professional: Professional | None = JANSEN,
    status: RecordStatus = RecordStatus.CURRENT,
) -> Conversation:
    return Conversation(
        ref=ConversationRef(source, reference),
        date=ClinicalDate.parse(when),
        professional=professional,
        encounter=reference,
        status=status,
    )


@dataclass
class Loaded:
    """A :class:`LoadedPatient` built from items and conversations."""

    items: list[RecordedItem]
    conversations: list[Conversation] = field(default_factory=list)
    sources: Sequence[str] = (HOSPITAL, GP)

    @property
    def overview(self) -> Overview:
        return consolidate(self.items, list(self.sources))

    @property
    def records(self) -> list[SourceRecord]:
        return [SourceRecord(source=s) for s in self.sources]


def loaded(
    items: Iterable[RecordedItem] = (),
    conversations: Iterable[Conversation] = (),
    sources: Sequence[str] = (HOSPITAL, GP),
) -> Loaded:
    return Loaded(list(items), list(conversations), sources)


def new_draft(
    items: Iterable[RecordedItem] = (),
    conversations: Iterable[Conversation] = (),
    *,
    professional: Professional | None = JANSEN,
    date: str | None = CONVERSATION_DATE,
    tracked_versions: dict[str, str] | None = None,
) -> Draft:
    return Draft.start(
        patient_reference=PATIENT_REF,
        source=HOSPITAL,
        user="uzi:123456789",
        loaded=loaded(items, conversations),
        tracked_versions=tracked_versions,
        professional=professional,
        date=ClinicalDate.parse(date) if date else None,
        now=NOW,
        identifier="0b7d2f64-7f3e-4c61-9a55-3f2c0d9e8a41",
    )

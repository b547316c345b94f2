"""Items of the PZP overview and the records that carry their values.

An *item* is what the viewer shows one line for and what consolidation computes "the latest
value" of (spec §3): "Reanimatie", "Gewenste plek van overlijden", the legal representative.
Its :class:`ItemKey` says what makes two records, from any source and either retrieval
method, "the same item". Values are held as the form's own answers (:class:`Answer`, keyed by
the Questionnaire's linkIds), so a value read from a Consent and one read from a
QuestionnaireResponse compare directly and can be written back in either form.
"""

from __future__ import annotations

import unicodedata
import weakref
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.dates import ClinicalDate


class ItemId(StrEnum):
    """The items of the overview, in the form's order."""

    LEGAL_CAPACITY = "legal_capacity"
    LEGAL_REPRESENTATIVE = "legal_representative"
    FIRST_CONTACT_PERSON = "first_contact_person"
    TREATMENT_GOAL = "treatment_goal"
    RESUSCITATION = "limit_resuscitation"
    VENTILATION = "limit_ventilation"
    ICU_ADMISSION = "limit_icu_admission"
    HOSPITAL_ADMISSION = "limit_hospital_admission"
    ANTIBIOTICS = "limit_antibiotics"
    BLOOD_PRODUCTS = "limit_blood_products"
    OTHER_LIMIT = "limit_other"
    ICD = "icd"
    ICD_DEACTIVATION = "icd_deactivation"
    CARE_WISHES = "care_wishes"
    PLACE_OF_DEATH = "preferred_place_of_death"
    EUTHANASIA_POSITION = "euthanasia_position"
    ORGAN_DONATION = "organ_donation_registration"
    OTHER_IMPORTANT = "other_important"
    PREVIOUS_AGREEMENTS = "previous_agreements"
    PREVIOUS_AGREEMENTS_DIFFER = "previous_agreements_differ"
    ADVANCE_DIRECTIVE = "advance_directive"
    INFORMED_RELATIVES = "informed_relatives"
    SHARING_CONSENT = "sharing_consent"


# The form's numbering of each item (CLI ``section``, overview headings).
SECTION_OF: dict[ItemId, str] = {
    ItemId.LEGAL_CAPACITY: "1",
    ItemId.LEGAL_REPRESENTATIVE: "1a-d",
    ItemId.FIRST_CONTACT_PERSON: "1e-g",
    ItemId.TREATMENT_GOAL: "3",
    ItemId.RESUSCITATION: "4a",
    ItemId.VENTILATION: "4b",
    ItemId.ICU_ADMISSION: "4c",
    ItemId.HOSPITAL_ADMISSION: "4d",
    ItemId.ANTIBIOTICS: "4e",
    ItemId.BLOOD_PRODUCTS: "4f",
    ItemId.OTHER_LIMIT: "4g",
    ItemId.ICD: "4h",
    ItemId.ICD_DEACTIVATION: "4i",
    ItemId.CARE_WISHES: "5a",
    ItemId.PLACE_OF_DEATH: "5b",
    ItemId.EUTHANASIA_POSITION: "5c",
    ItemId.ORGAN_DONATION: "5d",
    ItemId.OTHER_IMPORTANT: "6",
    ItemId.PREVIOUS_AGREEMENTS: "7a",
    ItemId.PREVIOUS_AGREEMENTS_DIFFER: "7b",
    ItemId.ADVANCE_DIRECTIVE: "7",
    ItemId.INFORMED_RELATIVES: "8a",
    ItemId.SHARING_CONSENT: "8b",
}

# Items of which a patient may have several at once; their key carries a qualifier.
QUALIFIED_ITEMS = frozenset({ItemId.OTHER_LIMIT, ItemId.ADVANCE_DIRECTIVE})

# The key decisions shown in the banner (product brief §4), in banner order.
KEY_DECISIONS: tuple[ItemId, ...] = (
    ItemId.RESUSCITATION,
    ItemId.VENTILATION,
    ItemId.ICU_ADMISSION,
    ItemId.HOSPITAL_ADMISSION,
    ItemId.ICD_DEACTIVATION,
)


def normalise_text(text: str) -> str:
    """Text as compared for "the same value": Unicode NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class ItemKey:
    """What makes two records the same item: the item, and for several-at-once items a
    qualifier (the normalised name of an "other" treatment limit, the advance-directive
    type)."""

    item: ItemId
    qualifier: str = ""

    @property
    def section(self) -> str:
        return SECTION_OF[self.item]

    def __str__(self) -> str:
        return f"{self.item.value}:{self.qualifier}" if self.qualifier else self.item.value


# An answer's value: a coding for choice items, text for string items, a date for date items,
# a boolean where the standard stores one.
AnswerValue = Coding | str | bool | ClinicalDate


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to one question of the form.

    ``link_id`` is the Questionnaire's linkId. Data the standard holds without a form item
    (advance directives, ICD device details) uses field names of the form ``"AD.type"``.
    ``repeat`` numbers the instance of the nearest repeating group (telephone numbers,
    e-mail addresses) so that a number stays with its type; 0 elsewhere.
    """

    link_id: str
    value: AnswerValue
    repeat: int = 0

    def comparable(self) -> tuple[str, int, str, str]:
        """The answer reduced to what "the same value" means (spec §7 item 14)."""
        value = self.value
        if isinstance(value, Coding):
            return (self.link_id, self.repeat, "coding", f"{value.system or ''}|{value.code}")
        if isinstance(value, bool):
            return (self.link_id, self.repeat, "bool", str(value))
        if isinstance(value, ClinicalDate):
            return (self.link_id, self.repeat, "date", value.instant.isoformat())
        return (self.link_id, self.repeat, "text", normalise_text(value))


def value_signature(answers: tuple[Answer, ...]) -> tuple[tuple[str, int, str, str], ...]:
    """An order-independent, hashable form of a set of answers."""
    return tuple(sorted(a.comparable() for a in answers))


class _SharedSignature:
    """One value signature, shared by every live record with that value."""

    __slots__ = ("__weakref__", "signature")

    def __init__(self, signature: tuple[tuple[str, int, str, str], ...]) -> None:
        self.signature = signature


# Live records with equal values share one signature tuple (:attr:`RecordedItem.signature`):
# consolidation reads the values of thousands of records, which is far faster when they are
# a few objects rather than one per record (memory caches), and it saves memory. Entries live
# only as long as a record holds them, so the table never outgrows the records in memory and
# keeps nothing of a patient whose records are gone. Sharing is an optimisation only: every
# comparison of signatures is by value.
_SHARED_SIGNATURES: weakref.WeakValueDictionary[
    tuple[tuple[str, int, str, str], ...], _SharedSignature
] = weakref.WeakValueDictionary()


def _shared_signature(signature: tuple[tuple[str, int, str, str], ...]) -> _SharedSignature:
    shared = _SHARED_SIGNATURES.get(signature)
    if shared is None:
        shared = _SHARED_SIGNATURES.setdefault(signature, _SharedSignature(signature))
    return shared


class RecordStatus(Enum):
    """How a record counts for "the latest value" (spec §3.2 step 2)."""

    CURRENT = "current"
    ENDED = "ended"  # an ended agreement: shown, never as current
    # Not (yet) agreed: a draft or proposed Consent, or one with a status the standard does not
    # know. Shown (flagged, see the record's notes), never current, never outranks an agreement.
    PROPOSED = "proposed"
    ERROR = "entered-in-error"  # withdrawn: never shown as a value


class DateBasis(Enum):
    """Where a record's clinical date came from; all but the first two are uncertain."""

    RECORD = "record"  # the record's own clinical date (Consent.dateTime, effective, …)
    CONVERSATION = "conversation"  # item 963 or the linked Encounter's period
    AUTHORED = "authored"  # QuestionnaireResponse.authored
    LAST_UPDATED = "last-updated"  # meta.lastUpdated
    NONE = "none"

    @property
    def uncertain(self) -> bool:
        return self not in (DateBasis.RECORD, DateBasis.CONVERSATION)


class OriginKind(Enum):
    RESOURCE = "resource"  # method 1: individual resources
    QUESTIONNAIRE_RESPONSE = "questionnaire-response"  # method 2: the form


@dataclass(frozen=True, slots=True)
class Origin:
    """The record a value was read from: ``Consent/123`` version ``2`` in method 1, or a
    QuestionnaireResponse in method 2."""

    kind: OriginKind
    reference: str
    version: str | None = None

    def __str__(self) -> str:
        return f"{self.reference}/_history/{self.version}" if self.version else self.reference


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Identifies a PZP conversation within one source: ``Encounter/<id>`` where the source
    has an Encounter, else a QuestionnaireResponse reference."""

    source: str
    reference: str

    def __str__(self) -> str:
        return f"{self.source}:{self.reference}"


@dataclass(frozen=True, slots=True)
class Professional:
    """The professional who held a conversation or made a record."""

    name: str | None = None
    function: Coding | None = None
    reference: str | None = None  # PractitionerRole/… or Practitioner/… in its source

    def display(self) -> str:
        return self.name or "onbekende zorgverlener"

    def same_person(self, other: Professional) -> bool:
        """Same professional: same reference, else same (normalised) name."""
        if self.reference and other.reference and self.reference == other.reference:
            return True
        if self.name and other.name:
            return normalise_text(self.name) == normalise_text(other.name)
        return False


@dataclass(frozen=True, slots=True)
class RecordedItem:
    """One value of one item as recorded in one source: a candidate for "the latest"."""

    key: ItemKey
    answers: tuple[Answer, ...]
    source: str
    origin: Origin
    recorded: ClinicalDate | None = None
    date_basis: DateBasis = DateBasis.NONE
    status: RecordStatus = RecordStatus.CURRENT
    conversation: ConversationRef | None = None
    professional: Professional | None = None
    last_updated: ClinicalDate | None = None
    # Things a reader must know about this record ("modifier-extension", "no-decision",
    # "date-mismatch", "unknown-code", …); shown next to the value, never hidden.
    notes: tuple[str, ...] = ()
    signature: tuple[tuple[str, int, str, str], ...] = field(init=False, repr=False, compare=False)
    # Keeps the shared signature object (see ``_SHARED_SIGNATURES``) alive with this record.
    _shared: _SharedSignature = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shared = _shared_signature(value_signature(self.answers))
        object.__setattr__(self, "_shared", shared)
        object.__setattr__(self, "signature", shared.signature)

    def same_value(self, other: RecordedItem) -> bool:
        return self.signature == other.signature

    def answer(self, link_id: str) -> AnswerValue | None:
        """The first answer to ``link_id``, if any."""
        for a in self.answers:
            if a.link_id == link_id:
                return a.value
        return None

    def answers_to(self, link_id: str) -> list[AnswerValue]:
        return [a.value for a in self.answers if a.link_id == link_id]


@dataclass(frozen=True, slots=True)
class Attendee:
    """Someone other than the professional who took part in a conversation (form section 2)."""

    name: str | None = None
    roles: tuple[Coding, ...] = ()
    relations: tuple[Coding, ...] = ()
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A PZP conversation: one Encounter + Procedure, and/or one QuestionnaireResponse."""

    ref: ConversationRef
    date: ClinicalDate | None
    professional: Professional | None = None
    patient_present: bool | None = None
    attendees: tuple[Attendee, ...] = ()
    contact_class: Coding | None = None
    comment: str | None = None
    encounter: str | None = None
    procedure: str | None = None
    questionnaire_responses: tuple[str, ...] = ()
    status: RecordStatus = RecordStatus.CURRENT
    notes: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self.ref.source


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something in a source that could not be read as the standard describes. Shown to the
    user next to the data ("1 record could not be read"), never a crash, never silently
    dropped. ``message`` is Dutch and holds no clinical content."""

    source: str
    reference: str | None
    message: str

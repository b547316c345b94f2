"""Observation → the treatment-wish items 5a–5d and 6 (spec §3, §7 item 9).

Each of the five IG Observation profiles is recognised by its code (SNOMED CT), or by its
profile when the code is missing. "Unknown" has two encodings: a ``valueCodeableConcept``
NullFlavor UNK, or ``dataAbsentReason`` asked-unknown; both read as the form's "Nog onbekend"
for the coded items. Any other data-absent reason (not-asked…) is kept as the answer
``"dataAbsentReason"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    DATA_ABSENT_REASON,
    NULL_FLAVOR,
    SCT,
    Coding,
    codings_of,
)
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    profiles_of,
    reference_of,
    resource_key,
    unknown_modifiers,
)
from pzp_desktop.domain.items import (
    Answer,
    ItemId,
    ItemKey,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import (
    OTHER_PATIENT,
    form_coding,
    refers_to_other_patient,
)
from pzp_desktop.domain.reading.professionals import PROFESSIONAL_TYPES, reference_target
from pzp_desktop.domain.reading.record_helpers import (
    clinical_dating,
    reference_label,
    resource_item,
)

DATA_ABSENT_LINK = "dataAbsentReason"
ASKED_UNKNOWN = Coding(DATA_ABSENT_REASON, "asked-unknown")
NOT_ASKED = Coding(DATA_ABSENT_REASON, "not-asked")
UNKNOWN = Coding(NULL_FLAVOR, "UNK")


@dataclass(frozen=True, slots=True)
class ObservationKind:
    """One of the five PZP Observation profiles and how it maps onto the form."""

    item: ItemId
    code: Coding  # Observation.code (SCT)
    profile: str
    value_link: str
    coded: bool  # valueCodeableConcept (else valueString)
    comment_link: str | None  # note.text
    known_values: frozenset[tuple[str | None, str]] = frozenset()
    method: Coding | None = None


_YES_NO_UNKNOWN = frozenset({(SCT, "373066001"), (SCT, "373067005"), (NULL_FLAVOR, "UNK")})

KINDS: tuple[ObservationKind, ...] = (
    ObservationKind(
        ItemId.CARE_WISHES,
        Coding(
            SCT,
            "153851000146100",
            "Wensen en verwachtingen met betrekking tot uitkomst van behandeling",
        ),
        profiles.SPECIFIC_CARE_WISHES,
        "1190",
        coded=False,
        comment_link=None,
        method=Coding(
            SCT,
            "370819000",
            "Vaststellen van persoonlijke waarden en wensen met betrekking tot zorg",
        ),
    ),
    ObservationKind(
        ItemId.PLACE_OF_DEATH,
        Coding(SCT, "395091006", "Gewenste plek van overlijden"),
        profiles.PREFERRED_PLACE_OF_DEATH,
        "1191",
        coded=True,
        comment_link="1192",
        known_values=frozenset(
            {
                (SCT, "264362003"),
                (SCT, "22232009"),
                (SCT, "108344006"),
                (SCT, "284546000"),
                (NULL_FLAVOR, "OTH"),
                (NULL_FLAVOR, "UNK"),
            }
        ),
    ),
    ObservationKind(
        ItemId.EUTHANASIA_POSITION,
        Coding(SCT, "340171000146104", "Standpunt ten opzichte van euthanasie"),
        profiles.POSITION_REGARDING_EUTHANASIA,
        "1193",
        coded=True,
        comment_link="1194",
        known_values=frozenset(
            {
                (SCT, "340181000146102"),
                (SCT, "340201000146103"),
                (SCT, "340191000146100"),
                (NULL_FLAVOR, "UNK"),
            }
        ),
    ),
    ObservationKind(
        ItemId.ORGAN_DONATION,
        Coding(SCT, "570801000146104", "Geregistreerd in orgaan donorregister"),
        profiles.ORGAN_DONATION_CHOICE,
        "1435",
        coded=True,
        comment_link=None,
        known_values=_YES_NO_UNKNOWN,
    ),
    ObservationKind(
        ItemId.OTHER_IMPORTANT,
        Coding(SCT, "247751003", "Gevoel van zingeving"),
        profiles.OTHER_IMPORTANT_INFORMATION,
        "1196",
        coded=False,
        comment_link=None,
    ),
)
KIND_OF_ITEM: dict[ItemId, ObservationKind] = {k.item: k for k in KINDS}
_KIND_OF_CODE = {k.code.concept: k for k in KINDS}
_KIND_OF_PROFILE = {k.profile: k for k in KINDS}

_ERROR_STATUSES = frozenset({"entered-in-error", "cancelled"})


def kind_of(resource: Json) -> ObservationKind | None:
    """Which PZP Observation this is: by code (system + code), else by profile."""
    for coding in codings_of(resource.get("code")):
        kind = _KIND_OF_CODE.get(coding.concept)
        if kind is not None:
            return kind
    for url in profiles_of(resource):
        kind = _KIND_OF_PROFILE.get(url)
        if kind is not None:
            return kind
    return None


def read_observation(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The item of one PZP Observation; other Observations give nothing."""
    kind = kind_of(resource)
    if kind is None:
        return []
    key = resource_key(resource)
    if refers_to_other_patient(ctx, resource.get("subject"), resource):
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []
    notes: list[str] = []
    if not any(c.concept == kind.code.concept for c in codings_of(resource.get("code"))):
        ctx.problem(key, "observatie zonder de verwachte code; herkend aan het profiel")
    answers = _value_answers(resource, kind, ctx, key, notes)
    if kind.comment_link is not None:
        comment = _note_text(resource)
        if comment:
            answers.append(Answer(kind.comment_link, comment))
    if unknown_modifiers(resource, profiles.UNDERSTOOD_MODIFIER_EXTENSIONS):
        notes.append("unknown-modifier")

    status = resource.get("status")
    record_status = (
        RecordStatus.ERROR
        if isinstance(status, str) and status in _ERROR_STATUSES
        else RecordStatus.CURRENT
    )

    encounter_ref = reference_of(resource.get("encounter"))
    conversation = ctx.conversation_for(encounter_ref)
    if encounter_ref and conversation is None:
        ctx.problem(key, "gekoppeld gesprek (Encounter) niet gevonden")
    period = as_dict(resource.get("effectivePeriod")) or {}
    dating = clinical_dating(
        ctx,
        resource,
        [
            ("Observation.effectiveDateTime", resource.get("effectiveDateTime")),
            ("Observation.effectiveInstant", resource.get("effectiveInstant")),
            ("Observation.effectivePeriod.start", period.get("start")),
        ],
        conversation,
    )
    return [
        resource_item(
            ctx,
            resource,
            ItemKey(kind.item),
            answers,
            dating=dating,
            status=record_status,
            conversation=conversation,
            professional=_performer(resource, ctx),
            notes=[*notes, *dating.notes],
        )
    ]


def _value_answers(
    resource: Json, kind: ObservationKind, ctx: ReadContext, key: str | None, notes: list[str]
) -> list[Answer]:
    answers: list[Answer] = []
    absent = codings_of(resource.get("dataAbsentReason"))
    wanted = "valueCodeableConcept" if kind.coded else "valueString"
    if any(k.startswith("value") and k != wanted for k in resource):
        ctx.problem(key, "observatie met een waarde van een onverwacht type genegeerd")
    if wanted in resource and kind.coded:
        codings = codings_of(resource.get(wanted))
        if codings:
            chosen = next((c for c in codings if c.concept in kind.known_values), codings[0])
            if chosen.concept not in kind.known_values:
                notes.append("unknown-code")
            answers.append(Answer(kind.value_link, form_coding(kind.value_link, chosen)))
        else:
            ctx.problem(key, "observatie met een gecodeerde waarde zonder code")
    elif wanted in resource:
        text = resource.get(wanted)
        if isinstance(text, str) and text.strip():
            answers.append(Answer(kind.value_link, text))
        elif not isinstance(text, str):
            ctx.problem(key, "observatie met een tekstwaarde van een onverwacht type")

    if absent:
        if answers:
            ctx.problem(key, "observatie met zowel een waarde als een reden van ontbreken")
        elif kind.coded and absent[0].same_concept(ASKED_UNKNOWN):
            answers.append(Answer(kind.value_link, form_coding(kind.value_link, UNKNOWN)))
        else:
            answers.append(Answer(DATA_ABSENT_LINK, absent[0]))
    if not answers:
        notes.append("no-value")
    return answers


def _note_text(resource: Json) -> str | None:
    texts = [t for t in (as_str(n.get("text")) for n in dicts(resource.get("note"))) if t]
    return "\n".join(texts) if texts else None


def _performer(resource: Json, ctx: ReadContext) -> Professional | None:
    for performer in dicts(resource.get("performer")):
        target = reference_target(ctx, performer, resource)
        if target.reference and target.resource_type in (*PROFESSIONAL_TYPES, None):
            professional = ctx.professional(target.reference, resource)
            if professional is not None:
                return professional
    return None

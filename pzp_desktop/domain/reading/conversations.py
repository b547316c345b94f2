"""Encounter + Procedure → PZP conversations (spec §4, §7 items 1–2).

A conversation is an Encounter whose ``reasonReference`` is an ACP Procedure (SCT
713603004), or that such a Procedure names in its ``encounter`` — either link suffices,
because both are optional in practice. A Procedure without any Encounter is a conversation
of its own (keyed ``Procedure/<id>``); an Encounter that claims the ACP-Encounter profile but
has no Procedure is kept too (note ``"no-procedure"``), so that the records pointing at it
still find their conversation.
"""

from __future__ import annotations

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT, Coding, concept_has
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    extension_value,
    profiles_of,
    resource_key,
    unknown_modifiers,
)
from pzp_desktop.domain.items import (
    Attendee,
    Conversation,
    ConversationRef,
    Professional,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import (
    OTHER_PATIENT,
    display_name,
    form_coding,
    refers_to_other_patient,
    relative_reference,
)
from pzp_desktop.domain.reading.professionals import Target, reference_target
from pzp_desktop.domain.reading.related_persons import (
    OTHER_CONCEPTS,
    is_relation,
    relationship_codings,
)

ACP_PROCEDURE_CODE = Coding(SCT, "713603004", "Advance care planning")
ATTENDEE_ROLE_LINK = "997"
ATTENDEE_RELATION_LINK = "998"

_ENCOUNTER_ERROR = frozenset({"entered-in-error", "cancelled"})
_PROCEDURE_ERROR = frozenset({"entered-in-error", "not-done"})


def latest_of_type(ctx: ReadContext, resource_type: str) -> list[Json]:
    """The newest version of every resource of ``resource_type``, in the order received."""
    seen: set[str] = set()
    out: list[Json] = []
    for version in ctx.index.of_type(resource_type):
        key = resource_key(version)
        if key is None or key in seen:
            continue
        seen.add(key)
        current = ctx.index.get(key)
        if current is not None:
            out.append(current)
    return out


def is_acp_procedure(resource: Json) -> bool:
    """An ACP Procedure: code SCT 713603004, or (later IG versions allow other codes) the
    ACP-Procedure profile."""
    if resource.get("resourceType") != "Procedure":
        return False
    return concept_has(
        resource.get("code"), SCT, ACP_PROCEDURE_CODE.code
    ) or profiles.PROCEDURE in profiles_of(resource)


def read_conversations(ctx: ReadContext) -> dict[str, Conversation]:
    """Every conversation of the source, keyed ``Encounter/<id>`` (or ``Procedure/<id>``)."""
    procedures = [p for p in latest_of_type(ctx, "Procedure") if is_acp_procedure(p)]
    procedure_keys = {resource_key(p) for p in procedures}
    encounters = latest_of_type(ctx, "Encounter")

    procedure_of: dict[str, Json] = {}  # Encounter key → its Procedure
    linked: set[str] = set()  # Procedure keys with an Encounter

    def link(encounter_key: str, procedure: Json) -> None:
        procedure_key = resource_key(procedure) or ""
        if encounter_key in procedure_of or procedure_key in linked:
            return
        procedure_of[encounter_key] = procedure
        linked.add(procedure_key)

    for procedure in procedures:
        target = reference_target(ctx, procedure.get("encounter"), procedure)
        if target.resource is not None and target.resource_type == "Encounter":
            link(resource_key(target.resource) or "", procedure)
        elif target.reference:
            ctx.problem(resource_key(procedure), "gekoppeld contact (Encounter) niet gevonden")
    for encounter in encounters:
        for reason in dicts(encounter.get("reasonReference")):
            target = reference_target(ctx, reason, encounter)
            if target.resource is not None and resource_key(target.resource) in procedure_keys:
                link(resource_key(encounter) or "", target.resource)

    conversations: dict[str, Conversation] = {}
    for encounter in encounters:
        key = resource_key(encounter)
        if key is None:
            continue
        its_procedure = procedure_of.get(key)
        if its_procedure is None and profiles.ENCOUNTER not in profiles_of(encounter):
            continue  # another kind of contact
        if _of_other_patient(ctx, encounter, its_procedure):
            ctx.problem(key, OTHER_PATIENT)
            continue
        conversations[key] = _conversation(ctx, key, encounter, its_procedure)
    for procedure in procedures:
        key = resource_key(procedure)
        if key is None or key in linked:
            continue
        if _of_other_patient(ctx, None, procedure):
            ctx.problem(key, OTHER_PATIENT)
            continue
        conversations[key] = _conversation(ctx, key, None, procedure)
    return conversations


def _of_other_patient(ctx: ReadContext, encounter: Json | None, procedure: Json | None) -> bool:
    if encounter is not None and encounter.get("subject") is not None:
        return refers_to_other_patient(ctx, encounter.get("subject"), encounter)
    if procedure is not None:
        return refers_to_other_patient(ctx, procedure.get("subject"), procedure)
    return False


def _conversation(
    ctx: ReadContext, key: str, encounter: Json | None, procedure: Json | None
) -> Conversation:
    notes: list[str] = []
    if encounter is None:
        notes.append("no-encounter")
    if procedure is None:
        notes.append("no-procedure")
    elif not concept_has(procedure.get("code"), SCT, ACP_PROCEDURE_CODE.code):
        notes.append("procedure-code-other")
    if any(
        unknown_modifiers(r, profiles.UNDERSTOOD_MODIFIER_EXTENSIONS)
        for r in (encounter, procedure)
        if r is not None
    ):
        notes.append("unknown-modifier")

    everyone: list[tuple[Target, Json | None]] = []
    if encounter is not None:
        everyone.extend(
            (reference_target(ctx, p.get("individual"), encounter), encounter)
            for p in dicts(encounter.get("participant"))
        )
    if procedure is not None:
        everyone.extend(
            (reference_target(ctx, p.get("actor"), procedure), procedure)
            for p in dicts(procedure.get("performer"))
        )

    return Conversation(
        ref=ConversationRef(ctx.source, key),
        date=_date(ctx, key, encounter, procedure),
        professional=_professional(ctx, everyone),
        patient_present=_patient_present(encounter, everyone),
        attendees=_attendees(ctx, everyone),
        contact_class=_contact_class(encounter),
        comment=_comment(ctx, encounter, procedure),
        encounter=resource_key(encounter) if encounter is not None else None,
        procedure=resource_key(procedure) if procedure is not None else None,
        status=_status(encounter, procedure),
        notes=tuple(notes),
    )


def _date(
    ctx: ReadContext, key: str, encounter: Json | None, procedure: Json | None
) -> ClinicalDate | None:
    candidates: list[object] = []
    if encounter is not None:
        period = as_dict(encounter.get("period"))
        candidates.append(period.get("start") if period else None)
    if procedure is not None:
        performed = as_dict(procedure.get("performedPeriod"))
        candidates.append(performed.get("start") if performed else None)
        candidates.append(procedure.get("performedDateTime"))
    for raw in candidates:
        if raw is None:
            continue
        parsed = ClinicalDate.try_parse(raw)
        if parsed is not None:
            return parsed
        ctx.problem(key, "ongeldige datum van het gesprek genegeerd")
    return None


def _professional(
    ctx: ReadContext, everyone: list[tuple[Target, Json | None]]
) -> Professional | None:
    """The PractitionerRole of the conversation, else a bare Practitioner."""
    for wanted in ("PractitionerRole", "Practitioner"):
        for target, referrer in everyone:
            if target.resource_type == wanted and target.reference:
                professional = ctx.professional(target.reference, referrer)
                if professional is not None:
                    return professional
    return None


def _patient_present(encounter: Json | None, everyone: list[tuple[Target, Json | None]]) -> bool:
    """The IG convention: ``Encounter.subject`` present ⇔ the patient took part; a Patient
    among the participants or performers counts as well."""
    if encounter is not None and encounter.get("subject") is not None:
        return True
    return any(target.resource_type == "Patient" for target, _ in everyone)


def _attendees(
    ctx: ReadContext, everyone: list[tuple[Target, Json | None]]
) -> tuple[Attendee, ...]:
    attendees: list[Attendee] = []
    seen: set[str] = set()
    for target, _referrer in everyone:
        if target.resource_type != "RelatedPerson":
            continue
        person = target.resource
        if person is not None:
            contained = (target.reference or "").startswith("#")
            identity = (target.reference or "") if contained else (resource_key(person) or "")
            reference = None if contained else resource_key(person)
        else:
            identity = relative_reference(target.reference or "")
            reference = identity or None
        if identity in seen:
            continue
        seen.add(identity)
        if person is None:
            attendees.append(Attendee(reference=reference))
            continue
        if refers_to_other_patient(ctx, person.get("patient"), person):
            continue
        attendees.append(
            Attendee(
                name=display_name(person.get("name")),
                roles=_attendee_codings(person, ATTENDEE_ROLE_LINK, relations=False),
                relations=_attendee_codings(person, ATTENDEE_RELATION_LINK, relations=True),
                reference=reference,
            )
        )
    return tuple(attendees)


def _attendee_codings(person: Json, link_id: str, *, relations: bool) -> tuple[Coding, ...]:
    """An attendee's roles or relations with the form's displays; the free text of an
    "Anders" (ROL472 09 / NullFlavor OTH) becomes its display, as the QuestionnaireResponse
    reader does with 414 / 413."""
    out: list[Coding] = []
    for coding, text in relationship_codings(person):
        if is_relation(coding) is not relations:
            continue
        if text and coding.concept in OTHER_CONCEPTS:
            out.append(Coding(coding.system, coding.code, text))
        else:
            out.append(form_coding(link_id, coding))
    return tuple(out)


def _contact_class(encounter: Json | None) -> Coding | None:
    if encounter is None:
        return None
    value = encounter.get("class")
    if isinstance(value, list):  # R5 style (a list of CodeableConcepts)
        for concept in dicts(value):
            for coding in dicts(concept.get("coding")):
                found = Coding.from_fhir(coding)
                if found is not None:
                    return found
        return None
    return Coding.from_fhir(value)


def _comment(ctx: ReadContext, encounter: Json | None, procedure: Json | None) -> str | None:
    if encounter is None:
        return None
    procedure_key = resource_key(procedure) if procedure is not None else None
    fallback: str | None = None
    for reason in dicts(encounter.get("reasonReference")):
        text = as_str(extension_value(reason, profiles.EXT_COMMENT, "valueString"))
        if not text:
            continue
        target = reference_target(ctx, reason, encounter)
        if target.resource is not None and resource_key(target.resource) == procedure_key:
            return text
        fallback = fallback or text
    return fallback


def _status(encounter: Json | None, procedure: Json | None) -> RecordStatus:
    for resource, errors in ((encounter, _ENCOUNTER_ERROR), (procedure, _PROCEDURE_ERROR)):
        status = resource.get("status") if resource is not None else None
        if isinstance(status, str) and status in errors:
            return RecordStatus.ERROR
    return RecordStatus.CURRENT

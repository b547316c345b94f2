"""Reading Consents: treatment limits 4a-4g, ICD deactivation 4i (ACP-TreatmentDirective) and
advance directives (ACP-AdvanceDirective) (spec §3, §3.1).

The decision mapping is lossy and guarded (spec §3.1, §7 item 7): ``permit`` and ``deny`` are
the only ways to "Wel"/"Niet uitvoeren"; a Consent with neither a type nor SpecificationOther
has *no* decision (note "no-decision"), never "Wel uitvoeren"; a modifier extension this
application does not understand makes the decision unreadable (note "unknown-modifier").

A provision that this application cannot read as one plain decision is never shown as one:
nested provisions (``provision.provision``, exceptions to the root rule) and a
``provision.type`` other than ``permit``/``deny`` read as "niet eenduidig" (notes
"nested-provision", "unmapped-decision-type" with the raw type kept). Every treatment the
provision names gets its own record (note "multiple-treatments" when there are several). A
treatment directive of which no treatment can be recognised is reported with
:data:`UNREADABLE_TREATMENT_DIRECTIVE` (see :func:`hides_treatment_directive`), so that the key
decisions do not claim "not discussed" while such a record exists. A Consent of another
patient is reported and never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import NULL_FLAVOR, SCT, Coding, codings_of, concept_has
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.display import NOTE_STARTS_LATER, NOTE_STATUS_OTHER
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    extension_value,
    extensions,
    profiles_of,
    reference_of,
)
from pzp_desktop.domain.items import (
    Answer,
    ItemId,
    ItemKey,
    Professional,
    ReadProblem,
    RecordedItem,
    RecordStatus,
    normalise_text,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, refers_to_other_patient
from pzp_desktop.domain.reading.record_helpers import (
    PRACTITIONER_TYPES,
    clinical_dating,
    encounter_reference,
    person_name,
    professional_at,
    reference_label,
    reference_type,
    resource_item,
    unknown_modifier_extensions,
)


class _Kind(Enum):
    TREATMENT_DIRECTIVE = "treatment-directive"
    ADVANCE_DIRECTIVE = "advance-directive"


# The problem reported for a (current) treatment directive of which no treatment could be
# recognised: it may be about any key decision.
UNREADABLE_TREATMENT_DIRECTIVE = "behandelgrens zonder herkenbare behandeling niet getoond"


def hides_treatment_directive(problem: ReadProblem) -> bool:
    """True when ``problem`` says a current treatment directive could not be shown at all
    (which key decision it records is unknown)."""
    return problem.message == UNREADABLE_TREATMENT_DIRECTIVE


def read_consent(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The items a Consent records, or ``[]`` when it is not a PZP Consent."""
    if refers_to_other_patient(ctx, resource.get("patient"), resource):
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []
    kind = _kind_of(resource, ctx)
    if kind is _Kind.TREATMENT_DIRECTIVE:
        return _read_treatment_directive(resource, ctx)
    if kind is _Kind.ADVANCE_DIRECTIVE:
        return _read_advance_directive(resource, ctx)
    return []


def _kind_of(resource: Json, ctx: ReadContext) -> _Kind | None:
    """Scope + category decide (spec §3); the IG profile in meta.profile is accepted when they
    are missing or different, with a problem report."""
    scope = resource.get("scope")
    categories = list(dicts(resource.get("category")))

    def has_category(coding: Coding) -> bool:
        return any(concept_has(c, coding.system, coding.code) for c in categories)

    if concept_has(scope, ag.TREATMENT_SCOPE.system, ag.TREATMENT_SCOPE.code) and has_category(
        ag.TREATMENT_CATEGORY
    ):
        return _Kind.TREATMENT_DIRECTIVE
    if concept_has(
        scope, ag.ADVANCE_DIRECTIVE_SCOPE.system, ag.ADVANCE_DIRECTIVE_SCOPE.code
    ) and has_category(ag.ADVANCE_DIRECTIVE_CATEGORY):
        return _Kind.ADVANCE_DIRECTIVE
    declared = profiles_of(resource)
    if profiles.TREATMENT_DIRECTIVE in declared:
        ctx.problem(reference_label(resource), "behandelgrens zonder de vereiste scope/categorie")
        return _Kind.TREATMENT_DIRECTIVE
    if profiles.ADVANCE_DIRECTIVE in declared:
        ctx.problem(reference_label(resource), "wilsverklaring zonder de vereiste scope/categorie")
        return _Kind.ADVANCE_DIRECTIVE
    return None


# --- what a treatment directive is about ---------------------------------------------------------


@dataclass
class _Target:
    """The item a treatment directive belongs to, and what its treatment code says."""

    limit: ag.TreatmentLimit
    qualifier: str = ""
    answers: list[Answer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _targets_of(provision: Json) -> list[_Target]:
    """Every treatment ``provision`` names, one target per item key, in order: each
    ``provision.code`` concept names one treatment (or several, when its codings are codes of
    different treatments); nested provisions are searched too, so that a treatment named
    only there is shown (as unclear) rather than dropped."""
    targets: dict[ItemKey, _Target] = {}
    for concept in dicts(provision.get("code")):
        for target in _concept_targets(concept):
            targets.setdefault(ItemKey(target.limit.item, target.qualifier), target)
    for nested in _nested_provisions(provision):
        for target in _targets_of(nested):
            targets.setdefault(ItemKey(target.limit.item, target.qualifier), target)
    return list(targets.values())


def _nested_provisions(provision: Json) -> list[Json]:
    return list(dicts(provision.get("provision")))


def _concept_targets(concept: Json) -> list[_Target]:
    codings = codings_of(concept)
    # 4a-4f: SNOMED codes of BehandelingCodelijst.
    limits = [
        ag.LIMIT_BY_CODE[c.code] for c in codings if c.system == SCT and c.code in ag.LIMIT_BY_CODE
    ]
    found = [_Target(limit) for limit in dict.fromkeys(limits)]
    # 4i: NF OTH with the ICD text, or (ZIB-2796) the SNOMED code itself.
    text = as_str(concept.get("text")) or ""
    if concept_has(concept, SCT, ag.ICD_DEACTIVATION_CODE) or (
        concept_has(concept, NULL_FLAVOR, "OTH") and ag.ICD_DEACTIVATION_CODE in text
    ):
        found.append(_Target(ag.ICD_DEACTIVATION))
    if found:
        return found
    # 4g: NF OTH keyed on its text.
    if concept_has(concept, NULL_FLAVOR, "OTH"):
        name = as_str(concept.get("text"))
        if name is None:
            return [_Target(ag.OTHER_LIMIT, notes=["no-name"])]
        name = name.strip()
        return [
            _Target(
                ag.OTHER_LIMIT, normalise_text(name), answers=[Answer(ag.OTHER_LIMIT_NAME, name)]
            )
        ]
    # A code outside BehandelingCodelijst: kept as an "other" limit under its own name.
    name = as_str(concept.get("text"))
    if codings:
        name = name or codings[0].display or codings[0].code
    if name is None:
        return []
    name = name.strip()
    target = _Target(
        ag.OTHER_LIMIT,
        normalise_text(name),
        answers=[Answer(ag.OTHER_LIMIT_NAME, name)],
        notes=["unknown-treatment-code"],
    )
    target.answers.extend(Answer(ag.TREATMENT_CODE, c, i) for i, c in enumerate(codings))
    return [target]


# --- the decision --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RawDecision:
    """``provision.type`` and the SpecificationOther text as found."""

    type: str | None
    text: str | None
    unreadable: str | None = None  # why the decision cannot be read (a note), if it cannot


def _raw_decision(resource: Json, provision: Json, ctx: ReadContext) -> _RawDecision:
    ref = reference_label(resource)
    if unknown_modifier_extensions(resource, profiles.UNDERSTOOD_MODIFIER_EXTENSIONS):
        ctx.problem(ref, "onbekende modifierExtension: besluit niet te interpreteren")
        return _RawDecision(None, None, "unknown-modifier")
    specs = extensions(resource, profiles.EXT_SPECIFICATION_OTHER, modifier=True)
    text: str | None = None
    if len(specs) > 1:
        ctx.problem(ref, "meer dan één SpecificationOther: besluit niet te interpreteren")
        return _RawDecision(None, None, "unknown-modifier")
    if specs:
        text = as_str(specs[0].get("valueString"))
        if text is None:
            ctx.problem(ref, "SpecificationOther zonder tekst: besluit niet te interpreteren")
            return _RawDecision(None, None, "unknown-modifier")
        text = text.strip()
    raw_type = provision.get("type")
    if raw_type is not None and not isinstance(raw_type, str):
        ctx.problem(ref, "provision.type heeft een ongeldig formaat")
        return _RawDecision(None, text, "unreadable-decision")
    if provision.get("provision") is not None:
        # Exceptions to the root rule: what applies when is not one decision this
        # application can show; whatever the root says, it is never a plain permit.
        ctx.problem(ref, "geneste provision (uitzonderingen): besluit niet te interpreteren")
        return _RawDecision(raw_type, text, "nested-provision")
    return _RawDecision(raw_type, text)


def _decision_answers(
    target: _Target, raw: _RawDecision, ctx: ReadContext, ref: str
) -> tuple[list[Answer], list[str]]:
    """The decision answers of spec §3.1 and the notes about them."""
    limit = target.limit
    if raw.unreadable:
        return [], [raw.unreadable]
    is_icd = limit.item is ItemId.ICD_DEACTIVATION
    ptype, text = raw.type, raw.text
    if ptype is not None and text is not None:
        # The zib forbids both (zib-TreatmentDirective2-2): the modifier cannot be understood
        # in combination with the type, so the decision is shown as unclear.
        ctx.problem(ref, "zowel provision.type als SpecificationOther: besluit tegenstrijdig")
        return [Answer(ag.DECISION_TYPE, ptype), Answer(ag.DECISION_TEXT, text)], [
            "conflicting-decision",
            "unknown-modifier",
        ]
    if ptype == "permit":
        return [Answer(limit.decision, ag.DECISION_PERMIT)], []
    if ptype == "deny" and not is_icd:
        return [Answer(limit.decision, ag.DECISION_DENY)], []
    if ptype is not None:
        # Kept as received (shown as "niet eenduidig" with the raw type): "Deny", an ICD
        # "deny" (no ICD answer maps to it), anything else.
        if ptype == "deny":
            ctx.problem(
                ref, "provision.type 'deny' bij uitzetten ICD: geen besluit van het formulier"
            )
        else:
            ctx.problem(ref, "onbekende waarde van provision.type")
        return [Answer(ag.DECISION_TYPE, ptype)], ["unmapped-decision-type"]
    if text is None:
        return [], ["no-decision"]
    if is_icd:
        for option in (ag.ICD_NOT_DECIDED, ag.ICD_NOT_DISCUSSED):
            if option.display and ag.same_text(text, option.display):
                return [Answer(limit.decision, option)], []
        return [Answer(ag.DECISION_TEXT, text)], ["unmapped-decision-text"]
    if ag.means_unknown(text):
        return [Answer(limit.decision, ag.DECISION_UNKNOWN)], []
    if limit.specification is None:  # 4g has no "Anders"
        return [Answer(ag.DECISION_TEXT, text)], ["unmapped-decision-text"]
    answers = [Answer(limit.decision, ag.DECISION_OTHER)]
    if not ag.same_text(text, ag.SPECIFICATION_OTHER):
        answers.append(Answer(limit.specification, text))
    return answers, []


# --- shared by both profiles ---------------------------------------------------------------------


def _status(
    resource: Json, provision: Json | None, ctx: ReadContext
) -> tuple[RecordStatus, list[str]]:
    """Consent status per spec §3.2 step 2: entered-in-error → ERROR; inactive/rejected or a
    provision.period.end in the past → ENDED; draft/proposed (not yet agreed) or a status the
    standard does not know → PROPOSED, with a note ("status-draft", "status-proposed",
    "status-other:<status>"); a missing status is read as agreed, noted "status-unknown".
    A provision.period.start in the future is noted ("starts-later:<date>"): the agreement is
    shown, with the date it applies from."""
    status = resource.get("status")
    if status == "entered-in-error":
        return RecordStatus.ERROR, []
    notes: list[str] = []
    result = RecordStatus.CURRENT
    if status in ("inactive", "rejected"):
        result = RecordStatus.ENDED
    elif status in ("draft", "proposed"):
        # Not yet agreed: shown as a proposal, never as the agreement in force.
        result = RecordStatus.PROPOSED
        notes.append(f"status-{status}")
    elif status is None:
        notes.append("status-unknown")
    elif status != "active":
        # A status the standard does not know: not treated as agreed; shown as received.
        result = RecordStatus.PROPOSED
        notes.append(f"{NOTE_STATUS_OTHER}{str(status)[:40]}")
    period = as_dict(provision.get("period")) if provision else None
    start_raw = period.get("start") if period else None
    if start_raw is not None:
        start = ClinicalDate.try_parse(start_raw)
        if start is None:
            ctx.problem(
                reference_label(resource), "ongeldige datum in provision.period.start genegeerd"
            )
        elif start.instant > datetime.now(UTC):
            notes.append(f"{NOTE_STARTS_LATER}{start.raw}")
    end_raw = period.get("end") if period else None
    if end_raw is not None:
        end = ClinicalDate.try_parse(end_raw)
        if end is None:
            ctx.problem(
                reference_label(resource), "ongeldige datum in provision.period.end genegeerd"
            )
        elif end.instant <= datetime.now(UTC) and result is not RecordStatus.PROPOSED:
            result = RecordStatus.ENDED
    return result, notes


def _consenting_professional(
    resource: Json, provision: Json | None, ctx: ReadContext
) -> Professional | None:
    """The agreement party (CONSENTER) that is a PractitionerRole/Practitioner."""
    if provision is None:
        return None
    candidates: list[tuple[int, object]] = []
    for actor in dicts(provision.get("actor")):
        reference: object = actor.get("reference")
        if reference_type(ctx, reference, resource) not in PRACTITIONER_TYPES:
            continue
        is_consenter = concept_has(actor.get("role"), ag.CONSENTER.system, ag.CONSENTER.code)
        candidates.append((0 if is_consenter else 1, reference))
    for _, reference in sorted(candidates, key=lambda c: c[0]):
        found = professional_at(ctx, reference, resource)
        if found is not None:
            return found
    return None


def _comment(resource: Json) -> str | None:
    text = as_str(extension_value(resource, profiles.EXT_COMMENT, "valueString"))
    return text.strip() if text else None


def _provision(resource: Json, ctx: ReadContext, what: str) -> Json | None:
    raw = resource.get("provision")
    provision = as_dict(raw)
    if raw is not None and provision is None:
        ctx.problem(reference_label(resource), f"{what}: provision heeft een ongeldig formaat")
    return provision


# --- ACP-TreatmentDirective ----------------------------------------------------------------------


def _read_treatment_directive(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    ref = reference_label(resource)
    provision = _provision(resource, ctx, "behandelgrens")
    targets = _targets_of(provision) if provision is not None else []
    if provision is None or not targets:
        if resource.get("status") != "entered-in-error":
            current = ctx.index.get(ref)
            newest = current is None or current is resource
            ctx.problem(
                ref,
                UNREADABLE_TREATMENT_DIRECTIVE
                if newest
                else "eerdere versie van een behandelgrens zonder herkenbare behandeling "
                "niet getoond",
            )
        return []

    raw = _raw_decision(resource, provision, ctx)
    comment = _comment(resource)
    status, status_notes = _status(resource, provision, ctx)
    conversation = ctx.conversation_for(encounter_reference(resource))
    dating = clinical_dating(
        ctx, resource, [("Consent.dateTime", resource.get("dateTime"))], conversation
    )
    professional = _consenting_professional(resource, provision, ctx) or (
        conversation.professional if conversation else None
    )
    shared_notes = [*status_notes, *dating.notes]
    if len(targets) > 1:
        shared_notes.append("multiple-treatments")
    items: list[RecordedItem] = []
    reported = len(ctx.problems)
    for target in targets:
        answers = list(target.answers)
        notes = list(target.notes)
        decision, decision_notes = _decision_answers(target, raw, ctx, ref)
        answers.extend(decision)
        notes.extend(decision_notes)
        if comment:
            answers.append(Answer(target.limit.comment, comment))
        items.append(
            resource_item(
                ctx,
                resource,
                ItemKey(target.limit.item, target.qualifier),
                answers,
                dating=dating,
                status=status,
                conversation=conversation,
                professional=professional,
                notes=[*notes, *shared_notes],
            )
        )
    # The same decision problem once, not once per treatment.
    ctx.problems[reported:] = list(dict.fromkeys(ctx.problems[reported:]))
    return items


# --- ACP-AdvanceDirective ------------------------------------------------------------------------


_IDENTIFIER_SYSTEMS = (profiles.BUSINESS_IDENTIFIER_SYSTEM, profiles.IG_EXAMPLE_IDENTIFIER_SYSTEM)


def _business_identifier(resource: Json) -> str | None:
    identifiers = list(dicts(resource.get("identifier")))
    for system in _IDENTIFIER_SYSTEMS:
        for identifier in identifiers:
            value = as_str(identifier.get("value"))
            if identifier.get("system") == system and value:
                return value.strip()
    for identifier in identifiers:
        value = as_str(identifier.get("value"))
        if value:
            return value.strip()
    return None


def _read_advance_directive(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    provision = _provision(resource, ctx, "wilsverklaring")
    answers: list[Answer] = []
    notes: list[str] = []

    codings = [
        c
        for concept in dicts(provision.get("code") if provision else None)
        for c in codings_of(concept)
    ]
    for i, coding in enumerate(codings):
        answers.append(Answer(ag.AD_TYPE, coding, i))
    if not codings:
        notes.append("no-type")
    type_code = codings[0].code if codings else ""
    identity = _business_identifier(resource) or as_str(resource.get("id")) or ""

    comment = _comment(resource)
    if comment:
        answers.append(Answer(ag.AD_COMMENT, comment))
    document, document_notes = _document(resource)
    if document:
        answers.append(Answer(ag.AD_DOCUMENT, document))
    notes.extend(document_notes)
    for i, name in enumerate(_representatives(resource, provision, ctx)):
        answers.append(Answer(ag.AD_REPRESENTATIVE, name, i))
    if unknown_modifier_extensions(resource, frozenset()):
        ctx.problem(reference_label(resource), "onbekende modifierExtension op wilsverklaring")
        notes.append("unknown-modifier")

    status, status_notes = _status(resource, provision, ctx)
    notes.extend(status_notes)
    conversation = ctx.conversation_for(encounter_reference(resource))
    dating = clinical_dating(
        ctx, resource, [("Consent.dateTime", resource.get("dateTime"))], conversation
    )
    notes.extend(dating.notes)
    professional = _consenting_professional(resource, provision, ctx) or (
        conversation.professional if conversation else None
    )
    return [
        resource_item(
            ctx,
            resource,
            ItemKey(ItemId.ADVANCE_DIRECTIVE, f"{type_code}:{identity}"),
            answers,
            dating=dating,
            status=status,
            conversation=conversation,
            professional=professional,
            notes=notes,
        )
    ]


def _document(resource: Json) -> tuple[str | None, list[str]]:
    """The document's title, else its URL; for a reference, its display or target."""
    attachment = as_dict(resource.get("sourceAttachment"))
    if attachment is not None:
        title = as_str(attachment.get("title")) or as_str(attachment.get("url"))
        if title:
            return title.strip(), []
        if attachment.get("data") is not None or attachment.get("contentType") is not None:
            return None, ["document-attached"]
        return None, []
    source_ref = as_dict(resource.get("sourceReference"))
    if source_ref is not None:
        shown = as_str(source_ref.get("display")) or reference_of(source_ref)
        return (shown.strip() if shown else None), []
    return None, []


def _representatives(resource: Json, provision: Json | None, ctx: ReadContext) -> list[str]:
    """Names of the RESPRSN actors (the representative named in the directive)."""
    if provision is None:
        return []
    names: list[str] = []
    for actor in dicts(provision.get("actor")):
        role = actor.get("role")
        if not concept_has(role, ag.REPRESENTATIVE_ROLE.system, ag.REPRESENTATIVE_ROLE.code):
            continue
        reference = as_dict(actor.get("reference"))
        resolved = ctx.index.get(reference_of(reference), resource)
        name = person_name(resolved) or (as_str(reference.get("display")) if reference else None)
        if name:
            names.append(name.strip())
        else:
            ctx.problem(
                reference_label(resource), "vertegenwoordiger in wilsverklaring niet gevonden"
            )
    return names

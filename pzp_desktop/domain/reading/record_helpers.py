"""What the method-1 readers of agreements (Consent, Goal, DeviceUseStatement, Communication)
share: origin, conversation link, clinical date with its fallbacks, professional, names.

Everything here is lenient: malformed input reads as absent, and a value that is present but
unusable is reported as a :class:`~pzp_desktop.domain.items.ReadProblem` (spec §7 item 20).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pzp_desktop.domain import profiles
from pzp_desktop.domain.dates import ClinicalDate, Precision
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    extension,
    last_updated_of,
    reference_of,
    resource_key,
    version_of,
)
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
    DateBasis,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext

PRACTITIONER_TYPES = frozenset({"PractitionerRole", "Practitioner"})

#: The note on a record that is itself current while the conversation it was recorded in
#: (its Encounter or Procedure) is entered-in-error, cancelled or not done: the record is
#: still shown with its value, and the user sees that its conversation was withdrawn.
NOTE_CONVERSATION_WITHDRAWN = "conversation-withdrawn"


def conversation_notes(conversation: Conversation | None, status: RecordStatus) -> list[str]:
    """The notes a record gets from its conversation: "conversation-withdrawn" when the
    conversation is withdrawn and the record itself is not."""
    if (
        conversation is not None
        and conversation.status is RecordStatus.ERROR
        and status is not RecordStatus.ERROR
    ):
        return [NOTE_CONVERSATION_WITHDRAWN]
    return []


def reference_label(resource: Json) -> str:
    """``Type/id`` for origins and problem reports, also for a resource without an id."""
    key = resource_key(resource)
    if key:
        return key
    rtype = as_str(resource.get("resourceType")) or "resource"
    return f"{rtype}/(zonder id)"


def origin_of(resource: Json) -> Origin:
    return Origin(OriginKind.RESOURCE, reference_label(resource), version_of(resource))


def encounter_reference(resource: Json) -> str | None:
    """The conversation link of Consent, Goal and DeviceUseStatement (ext-EncounterReference)."""
    ext = extension(resource, profiles.EXT_ENCOUNTER_REFERENCE)
    return reference_of(ext.get("valueReference")) if ext else None


def relative_reference(reference: str) -> str:
    """``Type/id`` of a relative, absolute or versioned reference; ``#id`` stays as it is."""
    if reference.startswith("#"):
        return reference
    parts = [p for p in reference.split("/_history/", 1)[0].split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else reference


def reference_type(ctx: ReadContext, element: object, referrer: Json) -> str | None:
    """The resource type a Reference (JSON) points at: resolved, else ``type``, else parsed."""
    node = as_dict(element)
    reference = reference_of(node)
    if node is None or reference is None:
        return None
    resolved = ctx.index.get(reference, referrer)
    if resolved is not None:
        return as_str(resolved.get("resourceType"))
    declared = as_str(node.get("type"))
    if declared:
        return declared
    parts = relative_reference(reference).split("/")
    return parts[0] if len(parts) == 2 else None


def professional_at(ctx: ReadContext, element: object, referrer: Json) -> Professional | None:
    """The professional a Reference (JSON) points at; when the source does not hold that
    PractitionerRole/Practitioner, what the reference itself says (display, ``Type/id``)."""
    node = as_dict(element)
    reference = reference_of(node)
    if node is None or reference is None:
        return None
    display = as_str(node.get("display"))
    found = ctx.professional(reference, referrer)
    if found is not None:
        return found if found.name or not display else replace(found, name=display.strip())
    return Professional(name=display, reference=relative_reference(reference))


def person_name(resource: Json | None) -> str | None:
    """A display name for a Patient/RelatedPerson/Practitioner: ``text``, else the parts."""
    if resource is None:
        return None
    names = list(dicts(resource.get("name")))
    preferred = [n for n in names if n.get("use") in ("official", "usual")] or names
    for name in preferred:
        text = as_str(name.get("text"))
        if text:
            return text.strip()
        given = [g.strip() for g in name.get("given", []) if isinstance(g, str) and g.strip()]
        family = as_str(name.get("family"))
        parts = [*given, family.strip()] if family else given
        if parts:
            return " ".join(parts)
    return None


def unknown_modifier_extensions(resource: Json, understood_at_root: frozenset[str]) -> bool:
    """True when ``resource`` has a modifier extension this application does not understand,
    anywhere in the resource (contained resources excluded), or a malformed one. Only
    ``understood_at_root`` on the resource itself is understood."""

    def malformed_or_unknown(node: object, understood: frozenset[str]) -> bool:
        raw = node.get("modifierExtension") if isinstance(node, dict) else None
        if raw is None:
            return False
        if not isinstance(raw, list):
            return True
        return any(not isinstance(e, dict) or e.get("url") not in understood for e in raw)

    def walk(node: object, understood: frozenset[str]) -> bool:
        if isinstance(node, dict):
            if malformed_or_unknown(node, understood):
                return True
            return any(walk(v, frozenset()) for k, v in node.items() if k not in _NOT_WALKED)
        if isinstance(node, list):
            return any(walk(v, frozenset()) for v in node)
        return False

    return walk(resource, understood_at_root)


_NOT_WALKED = frozenset({"contained", "modifierExtension", "text"})


@dataclass(frozen=True, slots=True)
class Dating:
    """A record's clinical date, where it came from, and the notes about it."""

    date: ClinicalDate | None
    basis: DateBasis
    notes: tuple[str, ...] = ()


def parse_dates(
    ctx: ReadContext, resource: Json, candidates: Sequence[tuple[str, object]]
) -> list[tuple[str, ClinicalDate]]:
    """The candidates that are valid FHIR dates, in order; present but invalid ones are
    reported and skipped."""
    parsed: list[tuple[str, ClinicalDate]] = []
    for element, raw in candidates:
        if raw is None:
            continue
        value = ClinicalDate.try_parse(raw)
        if value is None:
            ctx.problem(reference_label(resource), f"ongeldige datum in {element} genegeerd")
            continue
        parsed.append((element, value))
    return parsed


def clinical_dating(
    ctx: ReadContext,
    resource: Json,
    own: Sequence[tuple[str, object]],
    conversation: Conversation | None,
    *,
    conversation_first: bool = False,
    compare: Sequence[str] | None = None,
) -> Dating:
    """The clinical date of a record (spec §3 column "clinical date", §3.2 step 3).

    ``own`` are the record's own date elements in order of preference (basis RECORD); the
    linked conversation's date (CONVERSATION) comes after them, or before them when
    ``conversation_first``; ``meta.lastUpdated`` (LAST_UPDATED) is the last resort. The
    note "date-mismatch" is added when the first own date among ``compare`` (default: all
    own elements) and the conversation date fall on different days (spec §7 item 5).
    """
    own_dates = parse_dates(ctx, resource, own)
    conversation_date = conversation.date if conversation else None
    notes: list[str] = []
    wanted = set(compare) if compare is not None else {element for element, _ in own}
    compared = next((d for element, d in own_dates if element in wanted), None)
    if compared and conversation_date and not same_day(compared, conversation_date):
        notes.append("date-mismatch")

    chain: list[tuple[ClinicalDate | None, DateBasis]] = [
        (d, DateBasis.RECORD) for _, d in own_dates
    ]
    if conversation_first:
        chain.insert(0, (conversation_date, DateBasis.CONVERSATION))
    else:
        chain.append((conversation_date, DateBasis.CONVERSATION))
    chain.append((last_updated_of(resource), DateBasis.LAST_UPDATED))
    for value, basis in chain:
        if value is not None:
            return Dating(value, basis, tuple(notes))
    return Dating(None, DateBasis.NONE, tuple(notes))


def same_day(a: ClinicalDate, b: ClinicalDate) -> bool:
    """Same calendar day in Europe/Amsterdam; at the coarser precision when one of them is
    only a year or a month."""
    coarse = {a.precision, b.precision}
    if Precision.YEAR in coarse:
        return a.local_day.year == b.local_day.year
    if Precision.MONTH in coarse:
        return (a.local_day.year, a.local_day.month) == (b.local_day.year, b.local_day.month)
    return a.local_day == b.local_day


def resource_item(
    ctx: ReadContext,
    resource: Json,
    key: ItemKey,
    answers: Sequence[Answer],
    *,
    dating: Dating,
    status: RecordStatus,
    conversation: Conversation | None,
    professional: Professional | None,
    notes: Sequence[str],
) -> RecordedItem:
    """The record of one item read from one method-1 resource. The professional falls back
    to the conversation's; notes are kept once each, in order, followed by the note of a
    withdrawn conversation (see :func:`conversation_notes`)."""
    if professional is None and conversation is not None:
        professional = conversation.professional
    notes = [*notes, *conversation_notes(conversation, status)]
    return RecordedItem(
        key=key,
        answers=tuple(answers),
        source=ctx.source,
        origin=origin_of(resource),
        recorded=dating.date,
        date_basis=dating.basis,
        status=status,
        conversation=conversation.ref if conversation else None,
        professional=professional,
        last_updated=last_updated_of(resource),
        notes=tuple(dict.fromkeys(notes)),
    )

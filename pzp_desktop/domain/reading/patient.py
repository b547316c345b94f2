"""Patient → banner summary and the legal-capacity item (spec §3 item 1, §7 item 16).

Also home of the helpers the person readers share: Dutch names (``HumanName`` with
own/partner parts and an assembly order), the form's display of an answer coding, and which
patient a source was read for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import BSN, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_list,
    as_str,
    dicts,
    extension_value,
    extensions,
    last_updated_of,
    reference_of,
    resource_key,
    version_of,
)
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    RecordedItem,
)
from pzp_desktop.domain.patient import PatientSummary
from pzp_desktop.domain.reading.context import ReadContext

# Sub-extensions of ext-LegallyCapable-MedicalTreatmentDecisions (spec §1.2).
LEGALLY_CAPABLE = "legallyCapable"
LEGALLY_CAPABLE_COMMENT = "legallyCapableComment"

# ---------------------------------------------------------------------------------------------
# Which patient a source was read for


def relative_reference(reference: str) -> str:
    """``Type/id`` of a relative, versioned or absolute reference (``#id`` unchanged)."""
    if reference.startswith("#"):
        return reference
    ref = reference.split("/_history/", 1)[0]
    parts = [p for p in ref.split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else ref


def patient_key(ctx: ReadContext) -> str | None:
    """``Patient/<id>`` of the patient ``ctx`` is read for, when known.

    Known from the context (the patient the source was read for), or — when the source
    holds exactly one Patient — from the data itself.
    """
    if ctx.patient_reference:
        return relative_reference(ctx.patient_reference)
    keys = {resource_key(r) for r in ctx.index.of_type("Patient")}
    keys.discard(None)
    if len(keys) == 1:
        return next(iter(keys))
    return None


# The problem reported for a record that belongs to another patient: it is never read. The
# message never names that patient.
OTHER_PATIENT = "record van een andere patiënt niet getoond"


def refers_to_other_patient(ctx: ReadContext, element: object, referrer: Json | None) -> bool:
    """True when the Reference ``element`` points at a patient other than ``ctx``'s.

    Absent references and an unknown patient of the context count as "not another patient"
    (lenient: the patient-scoped search already selected the records)."""
    wanted = patient_key(ctx)
    ref = reference_of(element)
    if wanted is None or ref is None:
        return False
    resolved = ctx.index.get(ref, referrer)
    if resolved is not None:
        return resolved.get("resourceType") == "Patient" and resource_key(resolved) != wanted
    target = relative_reference(ref)
    return target.startswith("Patient/") and target != wanted


# ---------------------------------------------------------------------------------------------
# The form's display of an answer coding


@functools.cache
def _form() -> Any:
    """The form definition, or ``None`` while it cannot be loaded (never raises)."""
    try:
        from pzp_desktop.domain.form import load_form
    except ImportError:
        return None
    try:
        return load_form()
    except Exception:  # a broken form file must not stop reading
        return None


def form_coding(link_id: str, coding: Coding) -> Coding:
    """``coding`` with the form's Dutch display when it is an option of ``link_id``; an
    unknown code is returned as received (spec §7 item 14)."""
    form = _form()
    if form is None:
        return coding
    try:
        option = form.option(link_id, coding)
    except Exception:  # unknown linkId: keep the coding as received
        return coding
    known = getattr(option, "coding", None)
    if isinstance(known, Coding) and known.display:
        return Coding(coding.system, coding.code, known.display)
    return coding


# ---------------------------------------------------------------------------------------------
# Dutch names (spec §1.2, §7 item 16)

_INITIAL = "IN"
_CALL_NAME = "CL"


@dataclass(frozen=True, slots=True)
class NameParts:
    """A ``HumanName`` as the form asks for it, plus its display text.

    ``prefix``/``last_name`` are what the form's Voorvoegsels/Achternaam fields show: the own
    parts for assembly order NL1, the partner's for NL2, and for NL3/NL4 the first name's
    prefix with the rest of the assembled family name as "last name" (the form has no
    partner fields), so that prefix + last name always reads as the assembled name.
    """

    given: str | None = None
    prefix: str | None = None
    last_name: str | None = None
    text: str | None = None

    @property
    def display(self) -> str | None:
        if self.text:
            return self.text
        return _join(self.given, self.prefix, self.last_name)


def _join(*parts: str | None, sep: str = " ") -> str | None:
    kept = [p.strip() for p in parts if p and p.strip()]
    return sep.join(kept) if kept else None


def _given_names(name: Json) -> str | None:
    given = [g if isinstance(g, str) else None for g in as_list(name.get("given"))]
    meta = as_list(name.get("_given"))
    plain: list[str] = []
    call: list[str] = []
    initials: list[str] = []
    for index, value in enumerate(given):
        if not value or not value.strip():
            continue
        qualifier = extension_value(
            meta[index] if index < len(meta) else None, profiles.EXT_EN_QUALIFIER, "valueCode"
        )
        if qualifier == _INITIAL:
            initials.append(value.strip())
        elif qualifier == _CALL_NAME:
            call.append(value.strip())
        else:
            plain.append(value.strip())
    chosen = plain or call or initials
    return " ".join(chosen) if chosen else None


def name_parts(name: object) -> NameParts:
    """The parts of one ``HumanName`` (JSON); anything malformed reads as absent."""
    node = as_dict(name)
    if node is None:
        return NameParts()
    family = as_str(node.get("family"))
    family_meta = node.get("_family")

    def part(url: str) -> str | None:
        value = extension_value(family_meta, url, "valueString")
        return as_str(value)

    own_prefix = part(profiles.EXT_OWN_PREFIX)
    own_name = part(profiles.EXT_OWN_NAME)
    partner_prefix = part(profiles.EXT_PARTNER_PREFIX)
    partner_name = part(profiles.EXT_PARTNER_NAME)
    order = extension_value(node, profiles.EXT_ASSEMBLY_ORDER, "valueCode")

    own = _join(own_prefix, own_name)
    partner = _join(partner_prefix, partner_name)
    prefix: str | None
    last: str | None
    if order == "NL2" and partner_name:
        prefix, last = partner_prefix, partner_name
    elif order == "NL3" and partner_name and own:
        prefix, last = partner_prefix, _join(partner_name, own, sep="-")
    elif order == "NL4" and own_name and partner:
        prefix, last = own_prefix, _join(own_name, partner, sep="-")
    elif own_name:
        prefix, last = own_prefix, own_name
    else:
        prefix, last = None, family
    given = _given_names(node)
    text = as_str(node.get("text"))
    if given is None and prefix is None and last is None and text:
        last = text  # a name that is only text still shows in the form's last-name field
    return NameParts(given=given, prefix=prefix, last_name=last, text=text)


_NAME_USE_RANK = {"official": 0, None: 1, "usual": 2}


def best_name(names: object) -> Json | None:
    """The name to show: ``official`` first, then one without ``use``, then ``usual``, then any
    other; names without content are skipped."""
    candidates: list[tuple[int, int, Json]] = []
    for index, name in enumerate(dicts(names)):
        parts = name_parts(name)
        if parts.display is None:
            continue
        use = name.get("use") if isinstance(name.get("use"), str) else None
        candidates.append((_NAME_USE_RANK.get(use, 3), index, name))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def display_name(names: object) -> str | None:
    """A person's display name: ``text``, else the Dutch parts (spec §7 item 16)."""
    chosen = best_name(names)
    return name_parts(chosen).display if chosen is not None else None


# ---------------------------------------------------------------------------------------------
# Patient


def read_patient(
    ctx: ReadContext, patient_reference: str
) -> tuple[PatientSummary | None, list[RecordedItem]]:
    """The banner summary of the patient and one LEGAL_CAPACITY item per Patient version that
    carries the extension. A patient missing from the data gives ``(None, [])`` + a problem."""
    resource = ctx.index.get(patient_reference) if patient_reference else None
    if resource is None or resource.get("resourceType") != "Patient":
        if patient_reference and not ctx.patient_reference:
            # Still the patient the records must belong to.
            ctx.patient_reference = relative_reference(patient_reference)
        ctx.problem(patient_reference or None, "patiënt niet gevonden in de gegevens van de bron")
        return None, []
    key = resource_key(resource) or relative_reference(patient_reference)
    ctx.patient_reference = key

    birth_date = None
    raw_birth = resource.get("birthDate")
    if raw_birth is not None:
        birth_date = ClinicalDate.try_parse(raw_birth)
        if birth_date is None:
            ctx.problem(key, "ongeldige geboortedatum genegeerd")
    gender = resource.get("gender")
    summary = PatientSummary(
        reference=key,
        name=display_name(resource.get("name")),
        birth_date=birth_date,
        bsn=_bsn(resource),
        gender=gender if isinstance(gender, str) and gender else None,
        version=version_of(resource),
    )

    # One item per *change* of the legal capacity: versions (oldest first) that repeat the
    # previous value are other updates of the Patient (an address, a phone number) and must
    # not make the capacity look recorded later than it was.
    items: list[RecordedItem] = []
    seen_versions: set[str] = set()
    for version in ctx.index.versions(key):
        version_id = version_of(version)
        if version_id is not None:
            if version_id in seen_versions:
                continue
            seen_versions.add(version_id)
        item = _legal_capacity(version, key, ctx)
        if item is not None and not (items and items[-1].same_value(item)):
            items.append(item)
    return summary, items


def _bsn(resource: Json) -> str | None:
    for identifier in dicts(resource.get("identifier")):
        if identifier.get("system") == BSN:
            value = as_str(identifier.get("value"))
            if value:
                return value.strip()
    return None


def _legal_capacity(resource: Json, key: str, ctx: ReadContext) -> RecordedItem | None:
    found = extensions(resource, profiles.EXT_LEGALLY_CAPABLE)
    if not found:
        return None
    ext = found[0]
    answers: list[Answer] = []
    capable = extension_value(ext, LEGALLY_CAPABLE, "valueBoolean")
    if isinstance(capable, bool):
        answers.append(Answer("1406", form_coding("1406", Coding(None, "1" if capable else "0"))))
    elif capable is not None or extensions(ext, LEGALLY_CAPABLE):
        ctx.problem(key, "wilsbekwaamheid zonder geldige ja/nee-waarde")
    comment = as_str(extension_value(ext, LEGALLY_CAPABLE_COMMENT, "valueString"))
    if comment:
        answers.append(Answer("1407", comment))
    if not answers:
        ctx.problem(key, "extensie wilsbekwaamheid zonder waarde genegeerd")
        return None
    last_updated = last_updated_of(resource)
    return RecordedItem(
        key=ItemKey(ItemId.LEGAL_CAPACITY),
        answers=tuple(answers),
        source=ctx.source,
        origin=Origin(OriginKind.RESOURCE, key, version_of(resource)),
        recorded=last_updated,
        date_basis=DateBasis.LAST_UPDATED if last_updated else DateBasis.NONE,
        last_updated=last_updated,
    )

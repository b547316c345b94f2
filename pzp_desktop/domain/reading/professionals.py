"""PractitionerRole / Practitioner → :class:`Professional` (spec §3 header, §7 items 15, 22).

A PractitionerRole gives the function (``specialty``: UZI role code or AGB specialism) and
points at the Practitioner that has the name; a bare Practitioner is tolerated. References
may be contained (``#id``). A professional whose resources are not in the data is still a
professional: ``Professional(reference=…)`` without a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from pzp_desktop.domain.codes import AGB_SPECIALISM, UZI_ROLE, Coding, codings_of
from pzp_desktop.domain.fhir_json import Json, as_dict, as_str, dicts, resource_key
from pzp_desktop.domain.items import Professional
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import display_name, form_coding, relative_reference

PROFESSIONAL_TYPES = frozenset({"PractitionerRole", "Practitioner"})


@dataclass(frozen=True, slots=True)
class Target:
    """Where a FHIR Reference points: its type (from the resolved resource, else the
    Reference's ``type``, else the reference text), the reference and the resource if found."""

    resource_type: str | None
    reference: str | None
    resource: Json | None


def reference_target(ctx: ReadContext, element: object, referrer: Json | None) -> Target:
    """Resolve the Reference (JSON) ``element`` leniently."""
    node = as_dict(element)
    if node is None:
        return Target(None, None, None)
    ref = as_str(node.get("reference"))
    resolved = ctx.index.get(ref, referrer) if ref else None
    if resolved is not None:
        rtype = resolved.get("resourceType")
        return Target(rtype if isinstance(rtype, str) else None, ref, resolved)
    declared = as_str(node.get("type"))
    if declared:
        return Target(declared, ref, None)
    if ref and not ref.startswith("#"):
        head = relative_reference(ref).split("/")[0]
        if head[:1].isupper() and head.isalpha():
            return Target(head, ref, None)
    return Target(None, ref, None)


def resolve_professional(
    ctx: ReadContext, reference: str, referrer: Json | None
) -> Professional | None:
    """The professional behind a PractitionerRole or Practitioner reference.

    ``None`` when the reference points at something that is not a professional (a Patient,
    a RelatedPerson, an Organization…). Never raises."""
    target = reference_target(ctx, {"reference": reference}, referrer)
    contained = reference.startswith("#")
    if target.resource is None:
        if target.resource_type not in PROFESSIONAL_TYPES and target.resource_type is not None:
            return None
        if contained:
            where = resource_key(referrer) if referrer is not None else None
            ctx.problem(where, "verwijzing naar zorgverlener in 'contained' niet gevonden")
            return None
        return Professional(reference=relative_reference(reference))

    resource = target.resource
    own_reference = None if contained else resource_key(resource)
    if target.resource_type == "Practitioner":
        return Professional(name=display_name(resource.get("name")), reference=own_reference)
    if target.resource_type != "PractitionerRole":
        return None

    name: str | None = None
    practitioner_element = as_dict(resource.get("practitioner"))
    practitioner_ref = (
        as_str(practitioner_element.get("reference")) if practitioner_element else None
    )
    if practitioner_ref:
        # A reference inside a contained PractitionerRole resolves against the container.
        practitioner = ctx.index.get(practitioner_ref, referrer if contained else resource)
        if practitioner is not None and practitioner.get("resourceType") == "Practitioner":
            name = display_name(practitioner.get("name"))
    if name is None and practitioner_element is not None:
        name = as_str(practitioner_element.get("display"))
    return Professional(name=name, function=_function(resource), reference=own_reference)


def _function(role: Json) -> Coding | None:
    """The specialty: a UZI role code first, else an AGB specialism, else any coding (unknown
    codes are kept as received)."""
    codings = [c for concept in dicts(role.get("specialty")) for c in codings_of(concept)]
    for system in (UZI_ROLE, AGB_SPECIALISM):
        for coding in codings:
            if coding.system == system:
                return form_coding("1405", coding)
    return codings[0] if codings else None

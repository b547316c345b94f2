"""Writing treatment limits 4a-4g and the ICD deactivation agreement 4i as Consent
ACP-TreatmentDirective (spec §3.1, §6).

One new Consent per item per conversation (conditional create on its business identifier),
linked to the conversation's Encounter. The decision follows spec §3.1: "Wel"/"Niet
uitvoeren" are ``provision.type`` permit/deny; "Anders", "Onbekend" and the ICD answers
"Nee, nog geen besluit genomen"/"Niet besproken" have no type and carry their text in the
SpecificationOther modifier extension.
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId, normalise_text
from pzp_desktop.domain.writing.context import ItemChange, WriteContext


def write_treatment_limit(change: ItemChange, ctx: WriteContext) -> None:
    """A Consent for one of 4a-4g; nothing when no decision was given."""
    item = change.key.item
    if item is ItemId.OTHER_LIMIT:
        limit = ag.OTHER_LIMIT
    elif item in ag.LIMIT_BY_ITEM:
        limit = ag.LIMIT_BY_ITEM[item]
    else:
        raise ValueError(f"{item} is not a treatment limit 4a-4g")
    decision = _decision(change, limit)
    if decision is None:
        return
    provision_type, specification = decision

    if item is ItemId.OTHER_LIMIT:
        name = _text(change, ag.OTHER_LIMIT_NAME)
        qualifier = normalise_text(name) if name else change.key.qualifier
        code: Json = {"coding": [ag.OTHER_TREATMENT.to_fhir()]}
        if name:
            code["text"] = name
        what = f"Consent:{item.value}:{qualifier}"
    else:
        code = {"coding": [limit.treatment.to_fhir()]}
        what = f"Consent:{item.value}"
    resource = _treatment_directive(
        ctx, what, code, provision_type, specification, _text(change, limit.comment)
    )
    ctx.add_create(what, resource)


def write_icd_deactivation(change: ItemChange, ctx: WriteContext) -> None:
    """A Consent for 4i (agreement on deactivating the ICD); nothing without a decision."""
    if change.key.item is not ItemId.ICD_DEACTIVATION:
        raise ValueError(f"{change.key.item} is not the ICD deactivation agreement")
    limit = ag.ICD_DEACTIVATION
    decision = _decision(change, limit)
    if decision is None:
        return
    provision_type, specification = decision
    # BehandelingCodelijst lacks 400231000146108: NF OTH with the text the IG examples use.
    code: Json = {"coding": [ag.OTHER_TREATMENT.to_fhir()], "text": ag.ICD_DEACTIVATION_TEXT}
    what = f"Consent:{ItemId.ICD_DEACTIVATION.value}"
    resource = _treatment_directive(
        ctx, what, code, provision_type, specification, _text(change, limit.comment)
    )
    ctx.add_create(what, resource)


def _decision(change: ItemChange, limit: ag.TreatmentLimit) -> tuple[str | None, str | None] | None:
    """``(provision.type, SpecificationOther text)`` for the item's answers, ``None`` when
    there is no decision to write. Raises ValueError for answers the form does not allow."""
    coding = _coding(change, limit.decision)
    is_icd = limit.item is ItemId.ICD_DEACTIVATION
    if coding is None:
        # Values read from a source that map to no option are written back as they were.
        raw_type = _text(change, ag.DECISION_TYPE)
        raw_text = _text(change, ag.DECISION_TEXT)
        if raw_type and raw_text:
            raise ValueError("a decision cannot have both provision.type and SpecificationOther")
        if raw_type:
            if raw_type not in ("permit", "deny"):
                raise ValueError(f"provision.type {raw_type!r} is not permit or deny")
            return raw_type, None
        if raw_text:
            return None, raw_text
        return None
    if coding.same_concept(ag.DECISION_PERMIT):
        return "permit", None
    if coding.same_concept(ag.DECISION_DENY) and not is_icd:
        return "deny", None
    if coding.same_concept(ag.DECISION_OTHER) and limit.specification is not None:
        return None, _text(change, limit.specification) or ag.SPECIFICATION_OTHER
    if coding.same_concept(ag.DECISION_UNKNOWN) and not is_icd:
        return None, ag.SPECIFICATION_UNKNOWN
    if is_icd:
        for option in (ag.ICD_NOT_DECIDED, ag.ICD_NOT_DISCUSSED):
            if coding.same_concept(option) and option.display:
                return None, option.display
    raise ValueError(f"{coding.token} is not an answer option of linkId {limit.decision}")


def _treatment_directive(
    ctx: WriteContext,
    what: str,
    code: Json,
    provision_type: str | None,
    specification: str | None,
    comment: str | None,
) -> Json:
    extensions: list[Json] = [ctx.encounter_extension()]
    if comment:
        extensions.append({"url": profiles.EXT_COMMENT, "valueString": comment})
    resource: Json = {
        "resourceType": "Consent",
        "meta": ctx.meta(profiles.TREATMENT_DIRECTIVE),
        "extension": extensions,
    }
    if specification is not None:
        resource["modifierExtension"] = [
            {"url": profiles.EXT_SPECIFICATION_OTHER, "valueString": specification}
        ]
    actors: list[Json] = [_consenter(ctx.patient_reference, "Patient")]
    if ctx.practitioner_role_reference:
        actors.append(_consenter(ctx.practitioner_role_reference, "PractitionerRole"))
    provision: Json = {}
    if provision_type is not None:
        provision["type"] = provision_type
    provision["actor"] = actors
    provision["code"] = [code]
    resource.update(
        {
            "identifier": [ctx.identifier(what)],
            "status": "active",
            "scope": {"coding": [{**ag.TREATMENT_SCOPE.to_fhir(), "display": "Treatment"}]},
            "category": [{"coding": [ag.TREATMENT_CATEGORY.to_fhir()]}],
            "patient": {"reference": ctx.patient_reference, "type": "Patient"},
            "dateTime": ctx.date_text,
            "policy": [{"uri": ag.CONSENT_POLICY_URI}],
            "provision": provision,
        }
    )
    return resource


def _consenter(reference: str, resource_type: str) -> Json:
    return {
        "role": {"coding": [ag.CONSENTER.to_fhir()]},
        "reference": {"reference": reference, "type": resource_type},
    }


def _coding(change: ItemChange, link_id: str) -> Coding | None:
    return ag.coding_answer(change.answers, link_id)


def _text(change: ItemChange, link_id: str) -> str | None:
    return ag.text_answer(change.answers, link_id)

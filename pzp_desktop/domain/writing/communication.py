"""Writing "patient informed about discussing the agreements with relatives" (8a) as
Communication ACP-Communication; "Nee" has no method-1 representation (spec §6)."""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.writing.context import ItemChange, WriteContext


def write_informed_relatives(change: ItemChange, ctx: WriteContext) -> None:
    """A completed Communication for 1200 "Ja"; nothing for "Nee" or no answer."""
    if change.key.item is not ItemId.INFORMED_RELATIVES:
        raise ValueError(f"{change.key.item} is not the informed-relatives item")
    answer = ag.coding_answer(change.answers, ag.INFORMED)
    if answer is None:
        return
    option = ag.form_option(ag.INFORMED, answer)
    if option is None:
        raise ValueError(f"{answer.token} is not an answer option of linkId {ag.INFORMED}")
    if option.same_concept(ag.INFORMED_NO):
        return

    what = f"Communication:{ItemId.INFORMED_RELATIVES.value}"
    patient: Json = {"reference": ctx.patient_reference, "type": "Patient"}
    resource: Json = {
        "resourceType": "Communication",
        "meta": ctx.meta(profiles.COMMUNICATION),
        "identifier": [ctx.identifier(what)],
        "status": "completed",
        "topic": {"coding": [ag.INFORM_TOPIC.to_fhir()], "text": ag.INFORM_TOPIC_TEXT},
        "reasonCode": [{"coding": [ag.ADVANCE_CARE_PLANNING.to_fhir()]}],
        "subject": patient,
        "recipient": [dict(patient)],
        "encounter": {"reference": ctx.encounter_url, "type": "Encounter"},
        "sent": ctx.date_text,
    }
    if ctx.practitioner_role_reference:
        resource["sender"] = {
            "reference": ctx.practitioner_role_reference,
            "type": "PractitionerRole",
        }
    ctx.add_create(what, resource)

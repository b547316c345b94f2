"""Writing the main agreed goal of medical policy (section 3) as Goal ACP-Medical-Policy-Goal.

The form's 225353007 is written as 713148004, the code the Goal's required value set holds for
the same dataset concept (spec §6, §7 item 6); "Nog onbekend" has no Goal representation and
lives in the QuestionnaireResponse only.
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.dates import ClinicalDate, Precision
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.writing.context import ItemChange, WriteContext


def write_goal(change: ItemChange, ctx: WriteContext) -> None:
    """A Goal for item 999; nothing for "Nog onbekend" or no answer."""
    if change.key.item is not ItemId.TREATMENT_GOAL:
        raise ValueError(f"{change.key.item} is not the treatment goal")
    chosen = ag.coding_answer(change.answers, ag.GOAL)
    if chosen is None or chosen.same_concept(ag.GOAL_UNKNOWN):
        return
    if chosen.same_concept(ag.GOAL_SYMPTOM_RELIEF) or chosen.same_concept(
        ag.GOAL_SYMPTOM_RELIEF_IN_GOAL
    ):
        coding = ag.GOAL_SYMPTOM_RELIEF_IN_GOAL
        label = ag.GOAL_SYMPTOM_RELIEF.display
    elif chosen.same_concept(ag.GOAL_CURATIVE) or chosen.same_concept(ag.GOAL_LIFE_PROLONGING):
        coding = ag.as_form_answer(ag.GOAL, chosen)
        label = coding.display
    else:
        raise ValueError(f"{chosen.token} is not an answer option of linkId {ag.GOAL}")

    day = _date_only(ctx.conversation.date)
    what = f"Goal:{ItemId.TREATMENT_GOAL.value}"
    description: Json = {"coding": [coding.to_fhir()]}
    if label:
        description["text"] = label
    resource: Json = {
        "resourceType": "Goal",
        "meta": ctx.meta(profiles.MEDICAL_POLICY_GOAL),
        "extension": [ctx.encounter_extension()],
        "identifier": [ctx.identifier(what)],
        "lifecycleStatus": "active",
        "description": description,
        "subject": {"reference": ctx.patient_reference, "type": "Patient"},
        "startDate": day,
        "statusDate": day,
    }
    if ctx.practitioner_role_reference:
        resource["expressedBy"] = {
            "reference": ctx.practitioner_role_reference,
            "type": "PractitionerRole",
        }
    ctx.add_create(what, resource)


def _date_only(date: ClinicalDate) -> str:
    """Goal.startDate/statusDate are FHIR ``date``: the local day of a date-time."""
    if date.precision is Precision.TIME:
        return date.local_day.isoformat()
    return date.raw

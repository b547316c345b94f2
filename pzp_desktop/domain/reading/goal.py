"""Reading the main agreed goal of medical policy (section 3) from Goal ACP-Medical-Policy-Goal.

The form's 225353007 and the value set's 713148004 are the same dataset concept (spec §7
item 6): a Goal with 713148004 reads as the form's 225353007, with the note
"goal-code-713148004" so that the original code stays visible.
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain.codes import Coding, codings_of, concept_has
from pzp_desktop.domain.fhir_json import Json, dicts, profiles_of
from pzp_desktop.domain.items import (
    Answer,
    ItemId,
    ItemKey,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, refers_to_other_patient
from pzp_desktop.domain.reading.record_helpers import (
    PRACTITIONER_TYPES,
    clinical_dating,
    encounter_reference,
    professional_at,
    reference_label,
    reference_type,
    resource_item,
    unknown_modifier_extensions,
)

_FORM_GOALS = (ag.GOAL_CURATIVE, ag.GOAL_LIFE_PROLONGING, ag.GOAL_SYMPTOM_RELIEF, ag.GOAL_UNKNOWN)


def read_goal(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The treatment-goal item of a Goal, or ``[]`` when the Goal is not a PZP goal."""
    codings = codings_of(resource.get("description"))
    known = _known_goal(codings)
    if known is None and not _declared_pzp_goal(resource):
        return []
    if refers_to_other_patient(ctx, resource.get("subject"), resource):
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []

    answers: list[Answer] = []
    notes: list[str] = []
    if known is not None:
        if known.is_(ag.GOAL_SYMPTOM_RELIEF_IN_GOAL.system, ag.GOAL_SYMPTOM_RELIEF_IN_GOAL.code):
            answers.append(Answer(ag.GOAL, ag.GOAL_SYMPTOM_RELIEF))
            notes.append("goal-code-713148004")
        else:
            answers.append(Answer(ag.GOAL, ag.as_form_answer(ag.GOAL, known)))
    elif codings:
        answers.append(Answer(ag.GOAL, codings[0]))
        notes.append("unknown-code")
    else:
        ctx.problem(reference_label(resource), "behandeldoel zonder code")
        notes.append("no-value")

    if unknown_modifier_extensions(resource, frozenset()):
        ctx.problem(reference_label(resource), "onbekende modifierExtension: doel niet getoond")
        answers, notes = [], ["unknown-modifier"]

    status = _status(resource.get("lifecycleStatus"))
    conversation = ctx.conversation_for(encounter_reference(resource))
    dating = clinical_dating(
        ctx,
        resource,
        [
            ("Goal.startDate", resource.get("startDate")),
            ("Goal.statusDate", resource.get("statusDate")),
        ],
        conversation,
    )
    notes.extend(dating.notes)
    expressed_by = resource.get("expressedBy")
    professional = None
    if reference_type(ctx, expressed_by, resource) in PRACTITIONER_TYPES:
        professional = professional_at(ctx, expressed_by, resource)
    return [
        resource_item(
            ctx,
            resource,
            ItemKey(ItemId.TREATMENT_GOAL),
            answers,
            dating=dating,
            status=status,
            conversation=conversation,
            professional=professional,
            notes=notes,
        )
    ]


def _known_goal(codings: list[Coding]) -> Coding | None:
    for coding in codings:
        if any(
            coding.same_concept(goal) for goal in (*_FORM_GOALS, ag.GOAL_SYMPTOM_RELIEF_IN_GOAL)
        ):
            return coding
    return None


def _declared_pzp_goal(resource: Json) -> bool:
    """A Goal that says it is a PZP goal (profile, or the ACP category of later IG versions)
    even though its code is not one this application knows."""
    if any(p.rsplit("/", 1)[-1] in ag.GOAL_PROFILE_IDS for p in profiles_of(resource)):
        return True
    acp = ag.ADVANCE_CARE_PLANNING
    return any(concept_has(c, acp.system, acp.code) for c in dicts(resource.get("category")))


def _status(lifecycle: object) -> RecordStatus:
    if lifecycle in ("entered-in-error", "cancelled", "rejected"):
        return RecordStatus.ERROR
    if lifecycle == "completed":
        return RecordStatus.ENDED
    return RecordStatus.CURRENT

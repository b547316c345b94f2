"""Reading "patient informed about discussing the agreements with relatives" (8a) from
Communication ACP-Communication (reasonCode SCT 713603004, topic SCT 223449006).

The IG gives a Communication no conversation link (spec §7 item 3): ``Communication.encounter``
is used when present, else the one conversation held on the same local day by the same
professional (the sender).
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain.codes import concept_has
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json, dicts, reference_of
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
    ItemId,
    ItemKey,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, refers_to_other_patient
from pzp_desktop.domain.reading.record_helpers import (
    clinical_dating,
    professional_at,
    reference_label,
    resource_item,
    same_day,
    unknown_modifier_extensions,
)


def read_communication(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The informed-relatives item of a Communication, or ``[]`` when it is not one."""
    acp, topic = ag.ADVANCE_CARE_PLANNING, ag.INFORM_TOPIC
    if not any(concept_has(c, acp.system, acp.code) for c in dicts(resource.get("reasonCode"))):
        return []
    topic_element = resource.get("topic")
    notes: list[str] = []
    if topic_element is None:
        notes.append("no-topic")
    elif not concept_has(topic_element, topic.system, topic.code):
        return []  # another ACP communication, not item 8a
    if refers_to_other_patient(ctx, resource.get("subject"), resource):
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []

    answers: list[Answer] = []
    status_value = resource.get("status")
    status = RecordStatus.CURRENT
    if status_value == "completed":
        answers.append(Answer(ag.INFORMED, ag.INFORMED_YES))
    elif status_value == "not-done":
        answers.append(Answer(ag.INFORMED, ag.INFORMED_NO))
    elif status_value == "entered-in-error":
        status = RecordStatus.ERROR
    else:
        notes.append(
            f"status-{status_value}" if isinstance(status_value, str) else "status-unknown"
        )

    if unknown_modifier_extensions(resource, frozenset()):
        ctx.problem(
            reference_label(resource), "onbekende modifierExtension: communicatie niet getoond"
        )
        answers = []
        notes.append("unknown-modifier")

    sender = resource.get("sender")
    professional = professional_at(ctx, sender, resource)
    sent = ClinicalDate.try_parse(resource.get("sent"))
    conversation, link_notes = _conversation(resource, ctx, sent, professional)
    notes.extend(link_notes)
    dating = clinical_dating(
        ctx, resource, [("Communication.sent", resource.get("sent"))], conversation
    )
    notes.extend(dating.notes)
    return [
        resource_item(
            ctx,
            resource,
            ItemKey(ItemId.INFORMED_RELATIVES),
            answers,
            dating=dating,
            status=status,
            conversation=conversation,
            professional=professional,
            notes=notes,
        )
    ]


def _conversation(
    resource: Json,
    ctx: ReadContext,
    sent: ClinicalDate | None,
    professional: Professional | None,
) -> tuple[Conversation | None, list[str]]:
    """``Communication.encounter``, else the conversation of the same day and professional."""
    encounter = reference_of(resource.get("encounter"))
    if encounter:
        linked = ctx.conversation_for(encounter)
        if linked is not None:
            return linked, []
    if sent is None or professional is None:
        return None, []
    matches = [
        c
        for c in ctx.conversations_on(sent)
        if c.date is not None
        and same_day(c.date, sent)
        and c.professional is not None
        and c.professional.same_person(professional)
    ]
    if len(matches) == 1:
        return matches[0], []
    if len(matches) > 1:
        ctx.problem(reference_label(resource), "gesprek bij deze communicatie niet eenduidig")
        return None, ["conversation-ambiguous"]
    return None, []

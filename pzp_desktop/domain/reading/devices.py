"""Reading "Heeft de patiënt een ICD?" (4h) from DeviceUseStatement ACP-MedicalDevice → Device.

Only "Ja" has a method-1 representation (spec §7 item 10). A DeviceUseStatement whose Device is
an ICD reads as 1006 "Ja" + 1008 "ICD" (+ 1009 from note.text). A Device of another or unknown
type is shown, never dropped, with its type in ``DEVICE.type`` and the note
"unknown-device-type"; an unresolvable Device is reported and shown with the note
"device-unresolved".
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT, Coding, codings_of
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    profiles_of,
    reference_of,
)
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, RecordedItem, RecordStatus
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, refers_to_other_patient
from pzp_desktop.domain.reading.record_helpers import (
    clinical_dating,
    encounter_reference,
    reference_label,
    resource_item,
    unknown_modifier_extensions,
)


def read_device_use_statement(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The ICD item of a DeviceUseStatement (``[]`` for one of another patient, reported)."""
    if refers_to_other_patient(ctx, resource.get("subject"), resource):
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []
    answers: list[Answer] = []
    notes: list[str] = []

    device_ref = reference_of(resource.get("device"))
    device = ctx.index.get(device_ref, resource)
    if device is None:
        ctx.problem(reference_label(resource), "hulpmiddel van dit gebruik niet gevonden")
        notes.append("device-unresolved")
    else:
        types = [c for concept in dicts(device.get("type")) for c in codings_of(concept)]
        icd_types = [c for c in types if c.system == SCT and c.code in ag.ICD_DEVICE_TYPES]
        declared_icd = profiles.ICD_PRODUCT in profiles_of(device)
        if icd_types or declared_icd:
            answers.append(Answer(ag.ICD_PRESENT, ag.ICD_YES))
            answers.append(Answer(ag.ICD_PRODUCT_TYPE, ag.ICD_PRODUCT))
        if not icd_types:
            notes.append("unknown-device-type")
        # The default type is implied by "ICD"; any other coding is kept as it was received.
        shown = [c for c in types if not c.same_concept(ag.DEFAULT_ICD_DEVICE_TYPE)]
        answers.extend(Answer(ag.DEVICE_TYPE, _with_display(c), i) for i, c in enumerate(shown))

    comment = _note_text(resource)
    if comment:
        answers.append(Answer(ag.ICD_COMMENT, comment))
    if unknown_modifier_extensions(resource, frozenset()) or (
        device is not None and unknown_modifier_extensions(device, frozenset())
    ):
        ctx.problem(reference_label(resource), "onbekende modifierExtension: ICD niet getoond")
        answers = []
        notes.append("unknown-modifier")

    notes_status, status = _status(resource.get("status"))
    notes.extend(notes_status)
    conversation = ctx.conversation_for(encounter_reference(resource))
    period = as_dict(resource.get("timingPeriod"))
    dating = clinical_dating(
        ctx,
        resource,
        [
            ("DeviceUseStatement.recordedOn", resource.get("recordedOn")),
            ("DeviceUseStatement.timingPeriod.start", period.get("start") if period else None),
        ],
        conversation,
        conversation_first=True,
        compare=("DeviceUseStatement.recordedOn",),
    )
    notes.extend(dating.notes)
    return [
        resource_item(
            ctx,
            resource,
            ItemKey(ItemId.ICD),
            answers,
            dating=dating,
            status=status,
            conversation=conversation,
            professional=None,
            notes=notes,
        )
    ]


def _with_display(coding: Coding) -> Coding:
    if coding.system == SCT and coding.code in ag.ICD_DEVICE_TYPES and not coding.display:
        return Coding(SCT, coding.code, ag.ICD_DEVICE_TYPES[coding.code])
    return coding


def _note_text(resource: Json) -> str | None:
    texts = [as_str(n.get("text")) for n in dicts(resource.get("note"))]
    joined = "\n".join(t.strip() for t in texts if t)
    return joined or None


def _status(status: object) -> tuple[list[str], RecordStatus]:
    if status == "entered-in-error":
        return [], RecordStatus.ERROR
    if status in ("completed", "stopped"):
        return [], RecordStatus.ENDED
    if status == "not-taken":
        return ["status-not-taken"], RecordStatus.ENDED
    return [], RecordStatus.CURRENT

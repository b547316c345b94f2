"""Writing "Heeft de patiënt een ICD?" (4h): for "Ja" a Device ACP-MedicalDevice.Product-ICD
and a DeviceUseStatement ACP-MedicalDevice; "Nee"/"Nog onbekend" have no method-1
representation (spec §6, §7 item 10) and are written in the QuestionnaireResponse only.
"""

from __future__ import annotations

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.writing.context import ItemChange, WriteContext


def write_icd(change: ItemChange, ctx: WriteContext) -> None:
    """Device + DeviceUseStatement when 1006 is "Ja"; nothing otherwise."""
    if change.key.item is not ItemId.ICD:
        raise ValueError(f"{change.key.item} is not the ICD item")
    present = ag.coding_answer(change.answers, ag.ICD_PRESENT)
    if present is None or present.same_concept(ag.ICD_NO) or present.same_concept(ag.ICD_UNKNOWN):
        return
    if not present.same_concept(ag.ICD_YES):
        raise ValueError(f"{present.token} is not an answer option of linkId {ag.ICD_PRESENT}")

    device_what = f"Device:{ItemId.ICD.value}"
    device: Json = {
        "resourceType": "Device",
        "meta": ctx.meta(profiles.ICD_PRODUCT),
        "identifier": [ctx.identifier(device_what)],
        "type": {"coding": [c.to_fhir() for c in _device_types(change)]},
        "patient": {"reference": ctx.patient_reference, "type": "Patient"},
    }
    device_url = ctx.add_create(device_what, device)

    use_what = f"DeviceUseStatement:{ItemId.ICD.value}"
    use: Json = {
        "resourceType": "DeviceUseStatement",
        "meta": ctx.meta(profiles.MEDICAL_DEVICE),
        "extension": [ctx.encounter_extension()],
        "identifier": [ctx.identifier(use_what)],
        "status": "active",
        "subject": {"reference": ctx.patient_reference, "type": "Patient"},
        "recordedOn": ctx.date_text,
        "device": {"reference": device_url, "type": "Device"},
    }
    comment = ag.text_answer(change.answers, ag.ICD_COMMENT)
    if comment:
        use["note"] = [{"text": comment}]
    ctx.add_create(use_what, use)


def _device_types(change: ItemChange) -> list[Coding]:
    """The ``DEVICE.type`` codings read earlier, with the default ICD type in front unless one
    of them is a known ICD type already."""
    types: list[Coding] = []
    for answer in change.answers:
        if answer.link_id != ag.DEVICE_TYPE:
            continue
        if not isinstance(answer.value, Coding):
            raise ValueError(f"{ag.DEVICE_TYPE} needs a coding")
        types.append(answer.value)
    if not any(c.system == SCT and c.code in ag.ICD_DEVICE_TYPES for c in types):
        types.insert(0, ag.DEFAULT_ICD_DEVICE_TYPE)
    return types

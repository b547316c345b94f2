"""Treatment wishes 5a–5d and 6 → one new Observation per conversation (spec §6 rows
1428–1436).

"Nog onbekend" (NullFlavor UNK) of the coded items is written as ``valueCodeableConcept`` NF
UNK, which their value sets allow; an explicit ``"dataAbsentReason"`` answer (e.g. not-asked)
is written as ``dataAbsentReason`` — never both (R4 forbids it, spec §7 item 9).
"""

from __future__ import annotations

from pzp_desktop.domain.codes import DATA_ABSENT_REASON, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Answer
from pzp_desktop.domain.reading.observations import DATA_ABSENT_LINK, KIND_OF_ITEM
from pzp_desktop.domain.reading.patient import form_coding
from pzp_desktop.domain.writing.context import ItemChange, WriteContext
from pzp_desktop.domain.writing.conversation import professional_reference


def observation_what(change: ItemChange) -> str:
    """The ``what`` of the Observation written for ``change`` (business identifier seed)."""
    return f"Observation:{change.key.item.value}"


def write_observation(change: ItemChange, ctx: WriteContext) -> None:
    """The Observation of one of the items 5a–5d, 6 in this conversation; no answers →
    nothing written."""
    kind = KIND_OF_ITEM.get(change.key.item)
    if kind is None:
        raise ValueError(f"{change.key} is geen observatie-item (5a–5d, 6)")
    value: Answer | None = None
    absent: Coding | None = None
    comment: str | None = None
    for answer in change.answers:
        if answer.link_id == kind.value_link:
            value = answer
        elif answer.link_id == DATA_ABSENT_LINK:
            if not isinstance(answer.value, Coding):
                raise ValueError("dataAbsentReason moet een codering zijn")
            absent = answer.value
        elif kind.comment_link is not None and answer.link_id == kind.comment_link:
            if not isinstance(answer.value, str):
                raise ValueError(f"toelichting ({kind.comment_link}) moet tekst zijn")
            comment = answer.value
        else:
            raise ValueError(f"onverwacht antwoord {answer.link_id} bij {change.key}")
    if value is None and absent is None and comment is None:
        return
    if value is not None and absent is not None:
        raise ValueError(f"{change.key}: een waarde en een reden van ontbreken sluiten elkaar uit")

    resource: Json = {
        "resourceType": "Observation",
        "meta": ctx.meta(kind.profile),
        "identifier": [ctx.identifier(observation_what(change))],
        "status": "final",
        "code": {"coding": [kind.code.to_fhir()]},
        "subject": {"reference": ctx.patient_reference, "type": "Patient"},
        "encounter": {"reference": ctx.encounter_url, "type": "Encounter"},
        "effectiveDateTime": ctx.date_text,
    }
    professional = ctx.practitioner_role_reference
    if professional:
        resource["performer"] = [professional_reference(professional)]
    if value is not None:
        if kind.coded:
            if not isinstance(value.value, Coding):
                raise ValueError(f"antwoord op {kind.value_link} moet een codering zijn")
            coding = form_coding(kind.value_link, value.value)
            resource["valueCodeableConcept"] = {"coding": [coding.to_fhir()]}
        else:
            if not isinstance(value.value, str):
                raise ValueError(f"antwoord op {kind.value_link} moet tekst zijn")
            resource["valueString"] = value.value
    if absent is not None:
        if absent.system != DATA_ABSENT_REASON:
            raise ValueError(f"onbekende reden van ontbreken {absent.token}")
        resource["dataAbsentReason"] = {"coding": [absent.to_fhir()]}
    if comment:
        resource["note"] = [{"text": comment}]
    if kind.method is not None:
        resource["method"] = {"coding": [kind.method.to_fhir()]}
    ctx.add_create(observation_what(change), resource)

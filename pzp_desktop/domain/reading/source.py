"""Reading one source: dispatch per resource type, in dependency order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pzp_desktop.domain.fhir_json import Json, resource_key
from pzp_desktop.domain.items import RecordedItem
from pzp_desktop.domain.reading.context import ReadContext, SourceRecord

Reader = Callable[[Json, ReadContext], list[RecordedItem]]


def _readers() -> dict[str, Reader]:
    # Imported here so that each reader module can import the context without cycles.
    from pzp_desktop.domain.reading import (
        communication,
        consents,
        devices,
        goal,
        observations,
        related_persons,
    )

    return {
        "Consent": consents.read_consent,
        "Goal": goal.read_goal,
        "DeviceUseStatement": devices.read_device_use_statement,
        "Communication": communication.read_communication,
        "Observation": observations.read_observation,
        "RelatedPerson": related_persons.read_related_person,
    }


# Types read elsewhere in the flow, or only reached through references.
_NOT_ITEMS = frozenset(
    {
        "Patient",
        "Encounter",
        "Procedure",
        "QuestionnaireResponse",
        "Practitioner",
        "PractitionerRole",
        "Device",
        "Organization",
        "Condition",
        "Provenance",
        "AuditEvent",
        "OperationOutcome",
    }
)


def read_source(source: str, resources: Iterable[Json], patient_reference: str) -> SourceRecord:
    """Read every PZP record ``source`` returned for the patient ``Patient/<id>``."""
    from pzp_desktop.domain.reading import (
        conversations,
        patient,
        patient_contacts,
        questionnaire_response,
    )

    ctx = ReadContext(source, resources, patient_reference)
    record = SourceRecord(source=source)

    record.patient, patient_items = patient.read_patient(ctx, patient_reference)
    record.items.extend(patient_items)
    # The representative / first contact person recorded only in Patient.contact.
    try:
        record.items.extend(patient_contacts.read_patient_contacts(ctx))
    except Exception:  # never stops the rest
        ctx.problem(patient_reference, "contactpersonen bij de patiënt konden niet worden gelezen")

    ctx.conversations.update(conversations.read_conversations(ctx))

    readers = _readers()
    # Types of _NOT_ITEMS are passed over without parsing them (they may be held packed).
    for resource in ctx.index.each(skip=_NOT_ITEMS):
        rtype = resource.get("resourceType")
        reader = readers.get(rtype) if isinstance(rtype, str) else None
        if reader is None:
            if rtype not in _NOT_ITEMS:
                ctx.problem(resource_key(resource), f"onverwacht resourcetype {rtype!r} genegeerd")
            continue
        try:
            record.items.extend(reader(resource, ctx))
        except Exception:  # one unreadable record must never stop the rest
            ctx.problem(resource_key(resource), "record kon niet worden gelezen")

    # QuestionnaireResponses last: they are matched to the conversations read above (by
    # their encounter, else by date + professional), or become conversations of their own.
    all_conversations, qr_items = questionnaire_response.read_questionnaire_responses(ctx)
    record.items.extend(qr_items)
    record.conversations = all_conversations
    record.problems = ctx.problems
    return record

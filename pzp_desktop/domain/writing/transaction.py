"""One saved conversation as one FHIR transaction (spec §4, §6; product brief §5 "Push").

Order of the entries (dependency order): the conversation (Encounter, Procedure, attendee
RelatedPersons), then per changed item its method-1 resources (in the form's item order),
then the QuestionnaireResponse, then the Provenance that lists all of them.

Retry safety: every business identifier derives from the conversation's identifier
(:meth:`WriteContext.business_identifier`), and every created resource is a conditional
create on it, so building the transaction again from the same inputs gives the same
identifiers and a retried push creates nothing twice.

R4's Provenance has no ``identifier`` (and no ``identifier`` search parameter). Its
conditional create is keyed on its target, the QuestionnaireResponse of this conversation:
``ifNoneExist = target=<the QuestionnaireResponse's urn:uuid fullUrl>``. A server resolves
the placeholder in the condition like any other reference in the transaction (checked with
HAPI FHIR: on a retry the QuestionnaireResponse's conditional create resolves to the
existing one, and so does the Provenance's). A server that does not substitute placeholders
in conditions finds no match and stores one more Provenance; the transaction still succeeds.
(A chained condition ``target:QuestionnaireResponse.identifier=…`` would avoid the
placeholder, but HAPI rejects a chained parameter in ``ifNoneExist`` unless it is prefixed
with ``Provenance?``, which the specification does not allow.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.domain.writing.context import (
    ItemChange,
    NewConversation,
    SoftwareInfo,
    WriteContext,
)
from pzp_desktop.domain.writing.provenance import build_provenance
from pzp_desktop.domain.writing.questionnaire_response import (
    build_questionnaire_response,
    validate_changes,
)

Writer = Callable[[ItemChange, WriteContext], None]

QUESTIONNAIRE_RESPONSE = "QuestionnaireResponse"
PROVENANCE = "Provenance"

# Items the standard only holds in the QuestionnaireResponse (spec §3: 7a, 7b, 8b).
QR_ONLY_ITEMS = frozenset(
    {ItemId.PREVIOUS_AGREEMENTS, ItemId.PREVIOUS_AGREEMENTS_DIFFER, ItemId.SHARING_CONSENT}
)
_ITEM_ORDER = {item_id: index for index, item_id in enumerate(ItemId)}


def method1_writers() -> dict[ItemId, Writer | None]:
    """The method-1 writer of every item (``None``: the item lives in the QR only)."""
    # Imported here, like the readers in reading/source.py, so that this module imports
    # without the writers of the other resource types.
    from pzp_desktop.domain.writing import (
        communication,
        consents,
        devices,
        goal,
        observations,
        patient,
        related_persons,
    )

    return {
        ItemId.LEGAL_CAPACITY: patient.write_legal_capacity,
        ItemId.LEGAL_REPRESENTATIVE: related_persons.write_legal_representative,
        ItemId.FIRST_CONTACT_PERSON: related_persons.write_first_contact_person,
        ItemId.TREATMENT_GOAL: goal.write_goal,
        ItemId.RESUSCITATION: consents.write_treatment_limit,
        ItemId.VENTILATION: consents.write_treatment_limit,
        ItemId.ICU_ADMISSION: consents.write_treatment_limit,
        ItemId.HOSPITAL_ADMISSION: consents.write_treatment_limit,
        ItemId.ANTIBIOTICS: consents.write_treatment_limit,
        ItemId.BLOOD_PRODUCTS: consents.write_treatment_limit,
        ItemId.OTHER_LIMIT: consents.write_treatment_limit,
        ItemId.ICD: devices.write_icd,
        ItemId.ICD_DEACTIVATION: consents.write_icd_deactivation,
        ItemId.CARE_WISHES: observations.write_observation,
        ItemId.PLACE_OF_DEATH: observations.write_observation,
        ItemId.EUTHANASIA_POSITION: observations.write_observation,
        ItemId.ORGAN_DONATION: observations.write_observation,
        ItemId.OTHER_IMPORTANT: observations.write_observation,
        ItemId.INFORMED_RELATIVES: communication.write_informed_relatives,
        ItemId.PREVIOUS_AGREEMENTS: None,
        ItemId.PREVIOUS_AGREEMENTS_DIFFER: None,
        ItemId.SHARING_CONSENT: None,
    }


def check_changes(changes: Sequence[ItemChange]) -> list[ItemChange]:
    """The changes in the form's item order; ``ValueError`` for an empty list, two changes
    of the same item key, or a change the form cannot hold (advance directives)."""
    if not changes:
        raise ValueError("a conversation is saved with at least one changed item")
    seen: set[ItemKey] = set()
    for change in changes:
        if change.key in seen:
            raise ValueError(f"item {change.key} is changed twice in one conversation")
        seen.add(change.key)
        if change.key.item is ItemId.ADVANCE_DIRECTIVE:
            raise ValueError(
                "advance directives cannot be recorded in a conversation: the form has no "
                "items for them"
            )
    validate_changes(changes)
    return sorted(changes, key=lambda c: (_ITEM_ORDER[c.key.item], c.key.qualifier))


def build_transaction(
    patient_reference: str,
    conversation: NewConversation,
    changes: Sequence[ItemChange],
    *,
    current_patient: Json | None = None,
    current_related_persons: Iterable[Json] = (),
    software: SoftwareInfo = SoftwareInfo(),  # noqa: B008 - frozen, immutable default
    now: datetime,
) -> Json:
    """The transaction Bundle that saves ``conversation`` with ``changes``."""
    ordered = check_changes(changes)
    from pzp_desktop.domain.writing.conversation import write_conversation

    ctx = WriteContext(
        patient_reference=patient_reference,
        conversation=conversation,
        current_patient=current_patient,
        current_related_persons=list(current_related_persons),
    )
    write_conversation(ctx)

    writers = method1_writers()
    for change in ordered:
        writer = writers.get(change.key.item)
        if writer is not None:
            writer(change, ctx)

    response = build_questionnaire_response(ctx, ordered, now=now)
    ctx.add_create(QUESTIONNAIRE_RESPONSE, response)

    provenance = build_provenance(ctx, software=software, now=now)
    ctx.entries.append(
        {
            "fullUrl": ctx.full_url(PROVENANCE),
            "resource": provenance,
            "request": {
                "method": "POST",
                "url": PROVENANCE,
                "ifNoneExist": f"target={ctx.full_url(QUESTIONNAIRE_RESPONSE)}",
            },
        }
    )
    return {"resourceType": "Bundle", "type": "transaction", "entry": ctx.entries}

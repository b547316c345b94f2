"""Fixtures for the method-1 agreement mappings (Consent, Goal, Device, Communication).

Resources are modelled on the IG example patient Hendrik Hartman (F1-*) of IKNL/PZP-FHIR-R4.
The read context resolves professionals itself, so these tests do not depend on the
professionals reader; written transactions are "stored" the way a server would store them
(ids assigned, ``urn:uuid:`` references rewritten) and read back.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import AGB_SPECIALISM, Coding, codings_of
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json, dicts, reference_of
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
    ConversationRef,
    ItemId,
    ItemKey,
    Professional,
    RecordedItem,
)
from pzp_desktop.domain.reading.communication import read_communication
from pzp_desktop.domain.reading.consents import read_consent
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.devices import read_device_use_statement
from pzp_desktop.domain.reading.goal import read_goal
from pzp_desktop.domain.reading.record_helpers import person_name
from pzp_desktop.domain.writing.communication import write_informed_relatives
from pzp_desktop.domain.writing.consents import write_icd_deactivation, write_treatment_limit
from pzp_desktop.domain.writing.context import ItemChange, NewConversation, WriteContext
from pzp_desktop.domain.writing.devices import write_icd
from pzp_desktop.domain.writing.goal import write_goal

SOURCE = "huisarts"
PATIENT_ID = "F1-ACP-Patient-HendrikHartman"
PATIENT_REF = f"Patient/{PATIENT_ID}"
PRACTITIONER_ID = "F1-ACP-HealthProfessional-Practitioner-DrVanHuissen"
ROLE_ID = "F1-ACP-HealthProfessional-PractitionerRole-DrVanHuissen"
ROLE_REF = f"PractitionerRole/{ROLE_ID}"
OTHER_PRACTITIONER_ID = "practitioner-de-vries"
OTHER_ROLE_ID = "role-de-vries"
OTHER_ROLE_REF = f"PractitionerRole/{OTHER_ROLE_ID}"
ENCOUNTER_2020 = "F1-ACP-Encounter-01-10-2020"
ENCOUNTER_2022 = "F1-ACP-Encounter-08-11-2022"
IG_IDENTIFIER_SYSTEM = "https://acme.com/fhir/NamingSystem/resource-business-identifier"
NEW_ENCOUNTER = "encounter-new"
WRITE_DATE = "2024-03-12"

VAN_HUISSEN = Professional(
    name="Johan van Huissen",
    function=Coding(AGB_SPECIALISM, "0100", "Huisartsen, niet nader gespecificeerd"),
    reference=ROLE_REF,
)
DE_VRIES = Professional(name="Anna de Vries", reference=OTHER_ROLE_REF)


def ig_identifier(value: str) -> list[Json]:
    return [
        {
            "type": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "RI"}
                ]
            },
            "system": IG_IDENTIFIER_SYSTEM,
            "value": value,
        }
    ]


def patient() -> Json:
    return {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "meta": {"profile": [profiles.PATIENT]},
        "name": [{"use": "official", "given": ["Hendrik"], "family": "Hartman"}],
    }


def practitioner(pid: str, given: str, family: str) -> Json:
    return {
        "resourceType": "Practitioner",
        "id": pid,
        "name": [{"use": "official", "given": [given], "family": family}],
    }


def practitioner_role(rid: str, practitioner_id: str, specialty: Coding | None) -> Json:
    role: Json = {
        "resourceType": "PractitionerRole",
        "id": rid,
        "practitioner": {"reference": f"Practitioner/{practitioner_id}"},
    }
    if specialty is not None:
        role["specialty"] = [{"coding": [specialty.to_fhir()]}]
    return role


def encounter(eid: str, start: str, role_ref: str = ROLE_REF) -> Json:
    return {
        "resourceType": "Encounter",
        "id": eid,
        "meta": {"profile": [profiles.ENCOUNTER]},
        "status": "finished",
        "subject": {"reference": PATIENT_REF},
        "participant": [{"individual": {"reference": role_ref}}],
        "period": {"start": start, "end": start},
    }


def base_resources() -> list[Json]:
    """Patient, two professionals and the IG's two conversations (2020 and 2022)."""
    return [
        patient(),
        practitioner(PRACTITIONER_ID, "Johan", "van Huissen"),
        practitioner_role(ROLE_ID, PRACTITIONER_ID, VAN_HUISSEN.function),
        practitioner(OTHER_PRACTITIONER_ID, "Anna", "de Vries"),
        practitioner_role(OTHER_ROLE_ID, OTHER_PRACTITIONER_ID, None),
        encounter(ENCOUNTER_2020, "2020-10-01"),
        encounter(ENCOUNTER_2022, "2022-11-08"),
    ]


def conversation(
    eid: str, date: str, professional: Professional | None = VAN_HUISSEN
) -> Conversation:
    return Conversation(
        ref=ConversationRef(SOURCE, f"Encounter/{eid}"),
        date=ClinicalDate.parse(date),
        professional=professional,
        encounter=f"Encounter/{eid}",
    )


BASE_CONVERSATIONS = (
    conversation(ENCOUNTER_2020, "2020-10-01"),
    conversation(ENCOUNTER_2022, "2022-11-08"),
)


class SupportReadContext(ReadContext):
    """A read context that resolves professionals without the professionals reader."""

    def professional(
        self, reference: str | None, referrer: Json | None = None
    ) -> Professional | None:
        resolved = self.index.get(reference, referrer)
        if resolved is None:
            return None
        key = f"{resolved.get('resourceType')}/{resolved.get('id')}"
        if resolved.get("resourceType") == "PractitionerRole":
            person = self.index.get(reference_of(resolved.get("practitioner")))
            specialties = [c for s in dicts(resolved.get("specialty")) for c in codings_of(s)]
            return Professional(
                name=person_name(person),
                function=specialties[0] if specialties else None,
                reference=key,
            )
        if resolved.get("resourceType") == "Practitioner":
            return Professional(name=person_name(resolved), reference=key)
        return None


def make_context(
    resources: Iterable[Json] = (),
    conversations: Iterable[Conversation] = BASE_CONVERSATIONS,
    *,
    base: bool = True,
) -> SupportReadContext:
    all_resources = [*(base_resources() if base else []), *resources]
    ctx = SupportReadContext(SOURCE, all_resources)
    for conv in conversations:
        ctx.conversations[conv.ref.reference] = conv
    return ctx


def encounter_extension(eid: str = ENCOUNTER_2020) -> Json:
    return {
        "url": profiles.EXT_ENCOUNTER_REFERENCE,
        "valueReference": {"reference": f"Encounter/{eid}", "display": "Encounter"},
    }


def raw_date(date: ClinicalDate | None) -> str | None:
    return date.raw if date else None


def reference_of_professional(professional: Professional | None) -> str | None:
    return professional.reference if professional else None


# --- writing and reading back --------------------------------------------------------------------


def write_context(date: str = WRITE_DATE) -> WriteContext:
    return WriteContext(
        patient_reference=PATIENT_REF,
        conversation=NewConversation(
            identifier=str(uuid.UUID("7d3c1f0e-2a51-4c8e-9a3b-5f0d2e6b8c11")),
            date=ClinicalDate.parse(date),
            professional=Professional(name="Johan van Huissen", reference=ROLE_REF),
        ),
    )


def validate(resource: Json) -> None:
    """Raises when ``resource`` is not valid FHIR R4 (checked with the R4B models)."""
    model = get_fhir_model_class(resource["resourceType"])
    model.model_validate(resource)


def _rewrite(node: Any, mapping: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _rewrite(v, mapping) for k, v in node.items()}
        ref = out.get("reference")
        if isinstance(ref, str) and ref in mapping:
            out["reference"] = mapping[ref]
        return out
    if isinstance(node, list):
        return [_rewrite(v, mapping) for v in node]
    return node


def stored(ctx: WriteContext) -> list[Json]:
    """The resources of ``ctx`` as a server stores them: ids assigned, meta filled in and the
    transaction's ``urn:uuid:`` references (including the Encounter's) rewritten."""
    mapping = {ctx.encounter_url: f"Encounter/{NEW_ENCOUNTER}"}
    resources: list[Json] = []
    for n, entry in enumerate(ctx.entries, start=1):
        resource = copy.deepcopy(entry["resource"])
        rtype = resource["resourceType"]
        resource["id"] = f"{rtype.lower()}-{n}"
        resource["meta"] = {
            **resource.get("meta", {}),
            "versionId": "1",
            "lastUpdated": "2024-03-12T15:00:00+01:00",
        }
        if "fullUrl" in entry:
            mapping[entry["fullUrl"]] = f"{rtype}/{resource['id']}"
        resources.append(resource)
    return [_rewrite(r, mapping) for r in resources]


_READERS: dict[str, Callable[[Json, ReadContext], list[RecordedItem]]] = {
    "Consent": read_consent,
    "Goal": read_goal,
    "DeviceUseStatement": read_device_use_statement,
    "Communication": read_communication,
}

NEW_CONVERSATION = conversation(NEW_ENCOUNTER, WRITE_DATE)


def read_back(ctx: WriteContext) -> tuple[list[RecordedItem], SupportReadContext]:
    """Validate everything ``ctx`` would send, store it and read it back."""
    for entry in ctx.entries:
        validate(entry["resource"])
    resources = stored(ctx)
    for resource in resources:
        validate(resource)
    read_ctx = make_context(
        [encounter(NEW_ENCOUNTER, WRITE_DATE), *resources],
        [*BASE_CONVERSATIONS, NEW_CONVERSATION],
    )
    items: list[RecordedItem] = []
    for resource in resources:
        reader = _READERS.get(resource["resourceType"])
        if reader is not None:
            items.extend(reader(resource, read_ctx))
    return items, read_ctx


def writer_for(item: ItemId) -> Callable[[ItemChange, WriteContext], None]:
    if item is ItemId.ICD_DEACTIVATION:
        return write_icd_deactivation
    if item is ItemId.TREATMENT_GOAL:
        return write_goal
    if item is ItemId.ICD:
        return write_icd
    if item is ItemId.INFORMED_RELATIVES:
        return write_informed_relatives
    return write_treatment_limit


def round_trip(key: ItemKey, answers: Iterable[Answer]) -> tuple[list[RecordedItem], WriteContext]:
    """Write one item with the writer for its key and read the result back."""
    ctx = write_context()
    writer_for(key.item)(ItemChange(key, tuple(answers)), ctx)
    items, _ = read_back(ctx)
    return items, ctx

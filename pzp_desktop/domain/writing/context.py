"""What the writers of one conversation share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import V2_0203, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Answer, Attendee, ItemKey, Professional


class UnversionedUpdateError(ValueError):
    """An in-place update of a resource whose current version is not known.

    Without ``If-Match`` the update would overwrite whatever someone else stored in the
    meantime (a lost update), so it is refused; nothing is sent and the draft is kept.
    ``USER_MESSAGE`` is what the user is told (Dutch, English)."""

    USER_MESSAGE = (
        "Het gesprek is niet opgeslagen: de bron gaf geen versie van de gegevens van de "
        "patiënt, zodat een wijziging door iemand anders ongemerkt overschreven zou kunnen "
        "worden. Wat u hebt ingevuld, blijft bewaard. Laad de patiënt opnieuw en probeer het "
        "nog eens; lukt het dan nog niet, leg de wijziging vast in het bronsysteem zelf.",
        "The conversation has not been saved: the source gave no version of the patient's "
        "data, so a change by someone else could be overwritten unnoticed. What you have "
        "entered is kept. Reload the patient and try again; if that does not help, record the "
        "change in the source system itself.",
    )

    def __init__(self, reference: str) -> None:
        super().__init__(f"{reference} has no versionId: not updated without If-Match")
        self.reference = reference


@dataclass(frozen=True, slots=True)
class NewConversation:
    """The conversation the clinician is recording."""

    identifier: str  # a UUID chosen once per draft; every business identifier derives from it
    date: ClinicalDate
    professional: Professional  # ``reference`` = PractitionerRole/<id> in the target source
    patient_present: bool = True
    attendees: tuple[Attendee, ...] = ()
    contact_class: Coding | None = None
    comment: str | None = None
    organization: str | None = None  # Organization/<id>, for the Provenance


@dataclass(frozen=True, slots=True)
class ItemChange:
    """The new value of one item, as the form's answers."""

    key: ItemKey
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class SoftwareInfo:
    name: str = "PZP Desktop"
    version: str = "0.1.0"


@dataclass
class WriteContext:
    """Patient, conversation and identifiers for the resources of one transaction."""

    patient_reference: str  # Patient/<id>
    conversation: NewConversation
    # Current versions of resources updated in place (Patient, RelatedPersons), as read.
    current_patient: Json | None = None
    current_related_persons: list[Json] = field(default_factory=list)
    entries: list[Json] = field(default_factory=list)

    def business_identifier(self, what: str) -> str:
        """A stable identifier value for ``what`` in this conversation (same on every retry)."""
        return str(uuid.uuid5(uuid.UUID(self.conversation.identifier), what))

    def full_url(self, what: str) -> str:
        """The transaction-local ``urn:uuid:`` of the resource created for ``what``."""
        return f"urn:uuid:{self.business_identifier(what)}"

    @property
    def encounter_url(self) -> str:
        return self.full_url("Encounter")

    @property
    def procedure_url(self) -> str:
        return self.full_url("Procedure")

    @property
    def practitioner_role_reference(self) -> str | None:
        return self.conversation.professional.reference

    def identifier(self, what: str) -> Json:
        """The business identifier element for ``what`` (spec §7 item 19)."""
        return {
            "type": {"coding": [{"system": V2_0203, "code": "RI"}]},
            "system": profiles.BUSINESS_IDENTIFIER_SYSTEM,
            "value": f"urn:uuid:{self.business_identifier(what)}",
        }

    def add_create(self, what: str, resource: Json) -> str:
        """Add a conditional create of ``resource`` (which must carry ``identifier(what)``);
        returns its fullUrl for references within the transaction."""
        full_url = self.full_url(what)
        ident = self.identifier(what)
        self.entries.append(
            {
                "fullUrl": full_url,
                "resource": resource,
                "request": {
                    "method": "POST",
                    "url": resource["resourceType"],
                    "ifNoneExist": f"identifier={ident['system']}|{ident['value']}",
                },
            }
        )
        return full_url

    def add_update(self, resource: Json, version: str | None) -> None:
        """Add an in-place update of an existing resource, guarded by ``If-Match``.

        :class:`UnversionedUpdateError` when ``version`` (the ``versionId`` the change is
        based on) is unknown: an unguarded PUT could silently undo someone else's change."""
        url = f"{resource['resourceType']}/{resource['id']}"
        if not version:
            raise UnversionedUpdateError(url)
        request: dict[str, Any] = {"method": "PUT", "url": url, "ifMatch": f'W/"{version}"'}
        self.entries.append({"resource": resource, "request": request})

    def encounter_extension(self) -> Json:
        """``ext-EncounterReference`` pointing at this conversation's Encounter."""
        return {
            "url": profiles.EXT_ENCOUNTER_REFERENCE,
            "valueReference": {"reference": self.encounter_url},
        }

    def meta(self, profile: str) -> Json:
        return {"profile": [profile]}

    @property
    def date_text(self) -> str:
        return self.conversation.date.raw

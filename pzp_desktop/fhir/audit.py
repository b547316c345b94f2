"""NEN 7513 logging as a FHIR AuditEvent at the source (product brief §6).

:func:`build_audit_event` builds the resource (R4 JSON) with the NEN 7513 fields — who
(user id and name), role, organisation, workstation, when, which patient, which action,
which source, outcome — and nothing clinical: no item values, no names of the patient, no
BSN (the patient is identified by its logical id in that source).

:func:`record_audit_event` sends it to the source when the source's CapabilityStatement
declares ``create`` on AuditEvent, never in view-only mode (no write request is ever sent
then), and never raises: the local append-only audit log (elsewhere) is the record that
must always be written; this one is best effort and says how it went.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pzp_desktop import __version__
from pzp_desktop.domain.codes import Coding
from pzp_desktop.fhir.capabilities import Support
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import FhirError, WriteRefused

__all__ = [
    "AuditAction",
    "AuditActor",
    "AuditOutcome",
    "AuditRecorded",
    "build_audit_event",
    "record_audit_event",
]

Json = dict[str, Any]

_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
_INTERACTION = "http://hl7.org/fhir/restful-interaction"
_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
_OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
_ROLE_CLASS = "http://terminology.hl7.org/CodeSystem/v3-RoleClass"


class AuditAction(Enum):
    """What the user did, as (AuditEvent.action, restful interaction, Dutch description)."""

    OPEN_PATIENT = ("R", "read", "Patiënt geopend")
    VIEW = ("R", "search-type", "PZP-gegevens geraadpleegd")
    PRINT = ("R", "search-type", "PZP-overzicht afgedrukt of geëxporteerd")
    WRITE = ("C", "transaction", "PZP-gesprek vastgelegd")
    UPDATE = ("U", "update", "PZP-gegevens gewijzigd")

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def interaction(self) -> str:
        return self.value[1]

    @property
    def description(self) -> str:
        return self.value[2]


class AuditOutcome(Enum):
    SUCCESS = "0"
    MINOR_FAILURE = "4"
    SERIOUS_FAILURE = "8"
    MAJOR_FAILURE = "12"


@dataclass(frozen=True, slots=True)
class AuditActor:
    """The user and where they work (from the launch context / configuration)."""

    user_id: str
    user_id_system: str | None = None  # e.g. UZI number system, or the EPD's user ids
    user_name: str | None = None
    role: Coding | None = None  # e.g. UZI role code 01.015
    organisation_id: str | None = None
    organisation_id_system: str | None = None  # e.g. URA or AGB
    organisation_name: str | None = None
    workstation: str | None = None  # defaults to this computer's host name


class AuditRecorded(Enum):
    """How sending the AuditEvent to the source went."""

    SENT = "sent"
    NOT_SUPPORTED = "not-supported"  # the source does not accept AuditEvents
    VIEW_ONLY = "view-only"  # never written in view-only mode
    FAILED = "failed"


def build_audit_event(
    *,
    actor: AuditActor,
    action: AuditAction,
    patient_reference: str,
    source: str,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    when: datetime | None = None,
) -> Json:
    """An R4 AuditEvent for one user action on one patient in one source."""
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    user: Json = {"display": actor.user_name} if actor.user_name else {}
    identifier: Json = {"value": actor.user_id}
    if actor.user_id_system:
        identifier["system"] = actor.user_id_system
    user["identifier"] = identifier
    user_agent: Json = {
        "type": {
            "coding": [{"system": _PARTICIPATION, "code": "AUT", "display": "author (originator)"}]
        },
        "who": user,
        "requestor": True,
        "network": {"address": actor.workstation or socket.gethostname(), "type": "1"},
    }
    if actor.role is not None:
        user_agent["role"] = [{"coding": [actor.role.to_fhir()]}]
    agents: list[Json] = [user_agent]
    if actor.organisation_id or actor.organisation_name:
        organisation: Json = {}
        if actor.organisation_name:
            organisation["display"] = actor.organisation_name
        if actor.organisation_id:
            org_identifier: Json = {"value": actor.organisation_id}
            if actor.organisation_id_system:
                org_identifier["system"] = actor.organisation_id_system
            organisation["identifier"] = org_identifier
        agents.append(
            {
                "type": {
                    "coding": [
                        {"system": _ROLE_CLASS, "code": "PROV", "display": "healthcare provider"}
                    ]
                },
                "who": organisation,
                "requestor": False,
            }
        )
    return {
        "resourceType": "AuditEvent",
        "type": {"system": _EVENT_TYPE, "code": "rest", "display": "RESTful Operation"},
        "subtype": [{"system": _INTERACTION, "code": action.interaction}],
        "action": action.code,
        "recorded": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "outcome": outcome.value,
        "outcomeDesc": action.description,
        "agent": agents,
        "source": {
            "site": source,
            "observer": {"display": f"PZP Desktop {__version__}"},
            "type": [{"system": _SOURCE_TYPE, "code": "4", "display": "Application Server"}],
        },
        "entity": [
            {
                "what": {"reference": patient_reference},
                "type": {"system": _ENTITY_TYPE, "code": "1", "display": "Person"},
                "role": {"system": _OBJECT_ROLE, "code": "1", "display": "Patient"},
            }
        ],
    }


def record_audit_event(client: FhirClient, event: Json) -> AuditRecorded:
    """Send ``event`` to the source if it accepts AuditEvents; never raises."""
    if client.read_only:
        return AuditRecorded.VIEW_ONLY
    try:
        if client.capabilities().interaction("AuditEvent", "create") is not Support.YES:
            return AuditRecorded.NOT_SUPPORTED
        client.create(event)
    except WriteRefused:
        return AuditRecorded.VIEW_ONLY
    except FhirError:
        return AuditRecorded.FAILED
    return AuditRecorded.SENT

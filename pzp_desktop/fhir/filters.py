"""Client-side filters: what the server could not filter, PZP Desktop filters itself.

Every planned search result passes its filter, also when the server was asked to filter:
a server may silently ignore a parameter it does not know. Only ``search.mode = match``
entries are filtered; included resources are kept as they came.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    CONSENT_CATEGORY,
    CONSENT_SCOPE,
    SCT,
    concept_has,
)
from pzp_desktop.domain.fhir_json import dicts, profiles_of, reference_of
from pzp_desktop.domain.reading.questionnaire_response import is_form_response

__all__ = [
    "ACP_PROCEDURE_CODE",
    "GOAL_CODES",
    "ICD_DEVICE_TYPES",
    "OBSERVATION_CODES",
    "ClientFilter",
    "FilterContext",
    "keep",
]

Json = dict[str, Any]

ACP_PROCEDURE_CODE = "713603004"
TREATMENT_DIRECTIVE_CATEGORY = "129125009"
INFORMED_TOPIC = "223449006"
# Spec §5 query 4: the value set's three codes plus the form's 225353007.
GOAL_CODES = ("385987000", "1351964001", "713148004", "225353007")
# Spec §5 query 5, corrected: including the donor-register code 570801000146104.
OBSERVATION_CODES = (
    "153851000146100",
    "395091006",
    "340171000146104",
    "570801000146104",
    "247751003",
)
# Known members of ACP-MedicalDeviceProductType-ICD (is-a 72506001) without a terminology
# server (spec §1.3).
ICD_DEVICE_TYPES = ("72506001", "465460004")

_OBSERVATION_PROFILES = frozenset(
    {
        profiles.SPECIFIC_CARE_WISHES,
        profiles.PREFERRED_PLACE_OF_DEATH,
        profiles.POSITION_REGARDING_EUTHANASIA,
        profiles.ORGAN_DONATION_CHOICE,
        profiles.OTHER_IMPORTANT_INFORMATION,
    }
)


class ClientFilter(StrEnum):
    NONE = "none"
    ACP_PROCEDURE = "acp-procedure"
    ACP_ENCOUNTER = "acp-encounter"
    TREATMENT_DIRECTIVE = "treatment-directive"
    ADVANCE_DIRECTIVE = "advance-directive"
    POLICY_GOAL = "policy-goal"
    PZP_OBSERVATION = "pzp-observation"
    ICD_DEVICE_USE = "icd-device-use"
    ACP_COMMUNICATION = "acp-communication"
    PZP_QUESTIONNAIRE_RESPONSE = "pzp-questionnaire-response"

    @property
    def needs_references(self) -> bool:
        """Decided only after reference resolution (the Device behind a DeviceUseStatement)."""
        return self is ClientFilter.ICD_DEVICE_USE


class FilterContext:
    """What filters may look at besides the resource: every resource fetched so far."""

    def __init__(self, resources: Mapping[str, Json]) -> None:
        #: ``Type/id`` -> newest resource
        self.resources = resources
        self._acp_procedures: frozenset[str] | None = None
        self._acp_encounters: frozenset[str] | None = None

    def get(self, reference: str | None) -> Json | None:
        if not reference:
            return None
        key = "/".join(reference.split("/_history/", 1)[0].split("/")[-2:])
        return self.resources.get(key)

    @property
    def acp_procedures(self) -> frozenset[str]:
        """``Procedure/<id>`` of every ACP Procedure fetched."""
        if self._acp_procedures is None:
            self._acp_procedures = frozenset(
                key
                for key, r in self.resources.items()
                if key.startswith("Procedure/") and _is_acp_procedure(r)
            )
        return self._acp_procedures

    @property
    def encounters_of_acp_procedures(self) -> frozenset[str]:
        if self._acp_encounters is None:
            found: set[str] = set()
            for key in self.acp_procedures:
                ref = reference_of(self.resources[key].get("encounter"))
                if ref:
                    found.add("/".join(ref.split("/_history/", 1)[0].split("/")[-2:]))
            self._acp_encounters = frozenset(found)
        return self._acp_encounters


def _key_of(reference: str) -> str:
    return "/".join(reference.split("/_history/", 1)[0].split("/")[-2:])


def _has_profile(resource: Json, *wanted: str) -> bool:
    return any(p in wanted for p in profiles_of(resource))


def _is_acp_procedure(resource: Json) -> bool:
    return concept_has(resource.get("code"), SCT, ACP_PROCEDURE_CODE) or _has_profile(
        resource, profiles.PROCEDURE
    )


def _any_concept(concepts: object, system: str, codes: tuple[str, ...]) -> bool:
    return any(concept_has(c, system, code) for c in dicts(concepts) for code in codes)


def keep(client_filter: ClientFilter, resource: Json, context: FilterContext) -> bool:
    """Whether a search match belongs to the PZP data of the patient."""
    if client_filter is ClientFilter.NONE:
        return True
    if client_filter is ClientFilter.ACP_PROCEDURE:
        return _is_acp_procedure(resource)
    if client_filter is ClientFilter.ACP_ENCOUNTER:
        if _has_profile(resource, profiles.ENCOUNTER):
            return True
        key = f"Encounter/{resource.get('id')}"
        if key in context.encounters_of_acp_procedures:
            return True
        for reason in dicts(resource.get("reasonReference")):
            ref = reference_of(reason)
            if ref and _key_of(ref) in context.acp_procedures:
                return True
        return False
    if client_filter is ClientFilter.TREATMENT_DIRECTIVE:
        return _has_profile(resource, profiles.TREATMENT_DIRECTIVE) or (
            _any_concept(resource.get("scope"), CONSENT_SCOPE, ("treatment",))
            and _any_concept(resource.get("category"), SCT, (TREATMENT_DIRECTIVE_CATEGORY,))
        )
    if client_filter is ClientFilter.ADVANCE_DIRECTIVE:
        return _has_profile(resource, profiles.ADVANCE_DIRECTIVE) or (
            _any_concept(resource.get("scope"), CONSENT_SCOPE, ("adr",))
            and _any_concept(resource.get("category"), CONSENT_CATEGORY, ("acd",))
        )
    if client_filter is ClientFilter.POLICY_GOAL:
        return _has_profile(resource, profiles.MEDICAL_POLICY_GOAL) or _any_concept(
            resource.get("description"), SCT, GOAL_CODES
        )
    if client_filter is ClientFilter.PZP_OBSERVATION:
        return _has_profile(resource, *_OBSERVATION_PROFILES) or _any_concept(
            resource.get("code"), SCT, OBSERVATION_CODES
        )
    if client_filter is ClientFilter.ICD_DEVICE_USE:
        if _has_profile(resource, profiles.MEDICAL_DEVICE):
            return True
        if any(
            e.get("url") == profiles.EXT_ENCOUNTER_REFERENCE
            for e in dicts(resource.get("extension"))
        ):
            return True
        device = context.get(reference_of(resource.get("device")))
        if device is None:
            return False
        return _has_profile(device, profiles.ICD_PRODUCT) or _any_concept(
            device.get("type"), SCT, ICD_DEVICE_TYPES
        )
    if client_filter is ClientFilter.ACP_COMMUNICATION:
        return (
            _has_profile(resource, profiles.COMMUNICATION)
            or _any_concept(resource.get("reasonCode"), SCT, (ACP_PROCEDURE_CODE,))
            or _any_concept(resource.get("topic"), SCT, (INFORMED_TOPIC,))
        )
    if client_filter is ClientFilter.PZP_QUESTIONNAIRE_RESPONSE:
        # What the domain reads as a response to the form (current or older canonical, any
        # version, also through a contained Questionnaire), nothing else.
        return is_form_response(resource)
    raise AssertionError(client_filter)  # pragma: no cover

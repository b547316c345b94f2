"""Codings and the code systems of the PZP standard (spec §0).

Codes are compared on system + code only, never on display (spec §7 item 14). Some answer
options of the standard's Questionnaire carry no system at all (spec §7 item 13); such a
coding is compared on its code alone, and only where the caller knows which item it
belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCT = "http://snomed.info/sct"
NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
ADDRESS_USE = "http://terminology.hl7.org/CodeSystem/v3-AddressUse"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/consentcategorycodes"
ROL472 = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472"
ROL23 = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1"
BEHANDEL_BESLUIT = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1"
WILSVERKLARING_TYPE = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.14.1"
TELECOM_TYPE = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.22.1"
UZI_ROLE = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode"
AGB_SPECIALISM = "urn:oid:2.16.840.1.113883.2.4.6.7"
ISO3166 = "urn:iso:std:iso:3166"
BSN = "http://fhir.nl/fhir/NamingSystem/bsn"
AGB_Z = "http://fhir.nl/fhir/NamingSystem/agb-z"
BIG = "http://fhir.nl/fhir/NamingSystem/big"
UZI_NR_PERS = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers"

# Short names used in displays of unknown codes and in the CLI.
SYSTEM_SHORT_NAMES: dict[str, str] = {
    SCT: "SNOMED CT",
    NULL_FLAVOR: "NullFlavor",
    ROLE_CODE: "RoleCode",
    ADDRESS_USE: "AddressUse",
    ROL472: "RolCodelijst",
    ROL23: "RolCodelijst (aanvulling)",
    BEHANDEL_BESLUIT: "BehandelBesluit",
    WILSVERKLARING_TYPE: "WilsverklaringType",
    TELECOM_TYPE: "TelecomType",
    UZI_ROLE: "UZI-rolcode",
    AGB_SPECIALISM: "AGB-specialisme",
}


@dataclass(frozen=True, slots=True)
class Coding:
    """One code from one code system; ``system`` is ``None`` for the form's system-less codes."""

    system: str | None
    code: str
    display: str | None = None

    @property
    def token(self) -> str:
        """``system|code`` as in FHIR token searches, or the bare code when there is no system."""
        return f"{self.system}|{self.code}" if self.system else self.code

    @property
    def concept(self) -> tuple[str | None, str]:
        """What identifies the concept: system and code, never the display."""
        return (self.system, self.code)

    def is_(self, system: str | None, code: str) -> bool:
        """True when this coding is ``system|code`` (display ignored)."""
        return self.system == system and self.code == code

    def same_concept(self, other: Coding) -> bool:
        return self.concept == other.concept

    def to_fhir(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.system:
            out["system"] = self.system
        out["code"] = self.code
        if self.display:
            out["display"] = self.display
        return out

    @classmethod
    def from_fhir(cls, data: object) -> Coding | None:
        """A Coding from FHIR JSON, or ``None`` when it has no usable code."""
        if not isinstance(data, dict):
            return None
        code = data.get("code")
        if not isinstance(code, str) or not code.strip():
            return None
        system = data.get("system")
        display = data.get("display")
        return cls(
            system=system if isinstance(system, str) and system else None,
            code=code.strip(),
            display=display if isinstance(display, str) and display else None,
        )

    def describe_raw(self) -> str:
        """The coding as received, for codes the application does not know."""
        system = SYSTEM_SHORT_NAMES.get(self.system or "", self.system or "zonder codesysteem")
        shown = f"{system} {self.code}"
        return f"{shown} ({self.display})" if self.display else shown


def codings_of(concept: object) -> list[Coding]:
    """All usable codings of a FHIR CodeableConcept (JSON); malformed entries are skipped."""
    if not isinstance(concept, dict):
        return []
    raw = concept.get("coding")
    if not isinstance(raw, list):
        return []
    return [c for c in (Coding.from_fhir(item) for item in raw) if c is not None]


def concept_has(concept: object, system: str | None, code: str) -> bool:
    """True when a CodeableConcept (JSON) carries ``system|code``."""
    return any(c.is_(system, code) for c in codings_of(concept))

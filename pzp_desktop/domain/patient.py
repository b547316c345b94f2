"""The patient as the banner shows them (identification, not PZP content)."""

from __future__ import annotations

from dataclasses import dataclass

from pzp_desktop.domain.dates import ClinicalDate


@dataclass(frozen=True, slots=True)
class PatientSummary:
    reference: str  # Patient/<id> in its source
    name: str | None = None
    birth_date: ClinicalDate | None = None
    bsn: str | None = None
    gender: str | None = None  # FHIR administrative gender code
    # The resource's version, needed for an in-place update with If-Match.
    version: str | None = None

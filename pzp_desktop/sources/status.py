"""The state of one source while a patient is being opened (product brief §3)."""

from __future__ import annotations

from enum import Enum

from pzp_desktop.fhir.errors import (
    FhirError,
    Forbidden,
    NotAuthorised,
    NotFound,
    TransportError,
)

__all__ = ["SourceStatus", "status_of_error"]


class SourceStatus(Enum):
    """Shown next to each source; ``label`` is the Dutch text, ``label_en`` the English."""

    LOADING = ("loading", "Bezig met laden…", "Loading…")
    OK = ("ok", "Geladen", "Loaded")
    UNREACHABLE = ("unreachable", "Niet bereikbaar", "Unreachable")
    NOT_AUTHORISED = ("not-authorised", "Geen toestemming", "No permission")
    #: The source answered, but does not know this patient (normal for an extra source).
    NOT_FOUND = ("not-found", "Patiënt niet bekend in deze bron", "Patient not known here")
    ERROR = ("error", "Fout", "Error")

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]

    @property
    def label_en(self) -> str:
        return self.value[2]

    @property
    def finished(self) -> bool:
        return self is not SourceStatus.LOADING


def status_of_error(error: BaseException) -> SourceStatus:
    """The status a source gets when fetching ended in ``error``."""
    if isinstance(error, NotAuthorised | Forbidden):
        return SourceStatus.NOT_AUTHORISED
    if isinstance(error, TransportError):
        return SourceStatus.UNREACHABLE
    if isinstance(error, NotFound):
        return SourceStatus.NOT_FOUND
    if isinstance(error, FhirError):
        return SourceStatus.ERROR
    return SourceStatus.ERROR

"""The FHIR layer: the only code that talks HTTP (and the only importer of httpx).

* :mod:`~pzp_desktop.fhir.errors` — the one exception tree (``FhirError`` …), a Dutch
  ``user_message`` (English on request) on every error.
* :mod:`~pzp_desktop.fhir.client` — :class:`FhirClient`: one shared ``httpx.Client`` per
  source; tokens only to the own base; bounded retries; paging with a loop guard; view-only.
* :mod:`~pzp_desktop.fhir.capabilities` and :mod:`~pzp_desktop.fhir.planner` — what a
  server supports and which queries (spec §5, corrected) are sent, with every fallback
  recorded; :mod:`~pzp_desktop.fhir.filters` filters client-side what a server could not.
* :mod:`~pzp_desktop.fhir.fetch` — everything PZP of one patient in one source, in two or
  three round trips; :mod:`~pzp_desktop.fhir.references` reads what was not included.
* :mod:`~pzp_desktop.fhir.audit` — NEN 7513 AuditEvents to the source.
"""

from pzp_desktop.fhir.client import FhirClient, StaticToken, TokenProvider
from pzp_desktop.fhir.errors import FhirError
from pzp_desktop.fhir.fetch import FetchResult, fetch_patient_resources, find_patient_by_bsn

__all__ = [
    "FetchResult",
    "FhirClient",
    "FhirError",
    "StaticToken",
    "TokenProvider",
    "fetch_patient_resources",
    "find_patient_by_bsn",
]

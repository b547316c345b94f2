"""Fetching one patient from several FHIR sources at once (product brief §3).

Every source runs in its own worker thread with its own :class:`FhirClient`; one slow or
failing source never holds up or breaks another. Each source ends in a
:class:`SourceResult` with its status, timing and, when it worked, the fetched resources.
``on_finished`` is called (from the worker thread) as soon as a source is done, so the GUI
can update that source's status at once — the GUI must hand it over to its own thread
(a Qt signal), and should drop results for a patient that is no longer open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from pzp_desktop import describe_exception
from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.errors import FhirError
from pzp_desktop.fhir.fetch import (
    DEFAULT_MAX_PARALLEL,
    FetchResult,
    fetch_patient_resources,
    find_patient_by_bsn,
)
from pzp_desktop.sources.status import SourceStatus, status_of_error

__all__ = [
    "PatientQuery",
    "Source",
    "SourceResult",
    "fetch_sources",
    "make_client",
]

log = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = (
    "Er ging iets onverwachts mis bij het ophalen uit deze bron. De andere bronnen zijn wel "
    "gelezen."
)


@dataclass(frozen=True, slots=True)
class Source:
    """A configured FHIR source."""

    name: str  # shown to the user and used as ``RecordedItem.source``; unique
    base_url: str
    primary: bool = False  # the launching system: wins ties in the overview
    read_only: bool = False


@dataclass(frozen=True)
class PatientQuery:
    """How to find the patient: a known id per source (EHR launch context) and/or a BSN."""

    bsn: str | None = None
    patient_ids: Mapping[str, str] = field(default_factory=dict)  # source name -> id

    def id_for(self, source: Source) -> str | None:
        return self.patient_ids.get(source.name)


@dataclass
class SourceResult:
    source: Source
    status: SourceStatus
    fetch: FetchResult | None = None
    error: FhirError | None = None
    patient_id: str | None = None
    seconds: float = 0.0
    message: str = ""  # Dutch, for the source's status line (empty when all is well)

    @property
    def ok(self) -> bool:
        return self.status is SourceStatus.OK


def make_client(
    source: Source,
    *,
    token_provider: TokenProvider | None = None,
    correlation_id: str | None = None,
) -> FhirClient:
    """The client for ``source`` (view-only when the source or installation says so)."""
    return FhirClient(
        source.base_url,
        token_provider=token_provider,
        read_only=source.read_only,
        correlation_id=correlation_id,
    )


def _fetch_one(
    source: Source,
    client: FhirClient,
    query: PatientQuery,
    max_parallel: int,
) -> SourceResult:
    started = time.perf_counter()
    result = SourceResult(source, SourceStatus.LOADING)
    patient_id = query.id_for(source)
    if patient_id is None and not query.bsn:
        result.status = SourceStatus.ERROR
        result.message = "Voor deze bron is geen patiënt opgegeven."
        return result
    try:
        if patient_id is None:
            assert query.bsn is not None
            patient_id = find_patient_by_bsn(client, query.bsn)
        result.patient_id = patient_id
        result.fetch = fetch_patient_resources(client, patient_id, max_parallel=max_parallel)
        result.status = SourceStatus.OK
        if result.fetch.problems:
            result.message = "Niet alle gegevens konden worden opgehaald."
    except FhirError as exc:
        result.status = status_of_error(exc)
        result.error = exc
        result.message = exc.user_message
    except Exception as exc:  # a bug must not take the other sources down
        log.error("Ophalen uit een bron mislukt: %s", describe_exception(exc))
        result.status = SourceStatus.ERROR
        result.message = UNEXPECTED_MESSAGE
    result.seconds = time.perf_counter() - started
    return result


def fetch_sources(
    sources: Sequence[tuple[Source, FhirClient]],
    query: PatientQuery,
    *,
    on_finished: Callable[[SourceResult], None] | None = None,
    max_parallel_per_source: int = DEFAULT_MAX_PARALLEL,
) -> list[SourceResult]:
    """Fetch the patient from every source in parallel; results in the order given."""
    if not sources:
        return []

    def run(source: Source, client: FhirClient) -> SourceResult:
        result = _fetch_one(source, client, query, max_parallel_per_source)
        if on_finished is not None:
            try:
                on_finished(result)
            except Exception as exc:  # the callback's problem, not the source's
                log.error("Terugmelding van een bron mislukt: %s", describe_exception(exc))
        return result

    with ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="pzp-source") as executor:
        futures = [executor.submit(run, source, client) for source, client in sources]
        return [future.result() for future in futures]

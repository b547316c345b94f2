"""Fetching everything PZP for one patient from one source, following a :class:`QueryPlan`.

Round trips are kept low (with 80 ms per request they dominate opening a patient):

1. everything that needs nothing but the patient id, at once: the Patient, its history, its
   RelatedPersons and every search of the plan — and, the first time a client is used, the
   CapabilityStatement next to them. Until it is there, the searches follow the plan for a
   server that declares nothing (the richest attempts); an answer is kept only when the
   real plan would have sent the same attempts, the others are sent again in round 2;
2. only when needed: histories of RelatedPersons that have older versions, searches the
   real plan words differently, queries that need earlier results (1b, without
   ``_revinclude``), and reads of references the searches did not include — in parallel
   with each other.

A query that the server rejects falls back to its next attempt; a query that still fails is
reported as a problem and the rest of the data is shown. Only failures of the source as a
whole raise: no connection, not authorised, the patient not found (or not readable).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_all
from dataclasses import dataclass, field
from typing import Any

from pzp_desktop.domain.codes import BSN
from pzp_desktop.domain.fhir_json import PackedResource, PackedResources, Packer
from pzp_desktop.fhir.capabilities import Capabilities
from pzp_desktop.fhir.client import FhirClient, SearchEntry, SearchResult
from pzp_desktop.fhir.errors import (
    NO_PATIENT_WITH_BSN,
    AmbiguousPatient,
    ContentError,
    FhirError,
    HttpStatusError,
    InvalidRequest,
    NotAuthorised,
    NotFound,
    TransportError,
)
from pzp_desktop.fhir.filters import ClientFilter, FilterContext, keep
from pzp_desktop.fhir.planner import (
    ACP_PROCEDURES_PLACEHOLDER,
    Attempt,
    AttemptKind,
    Decision,
    PlannedQuery,
    QueryPlan,
    plan_patient_queries,
)
from pzp_desktop.fhir.references import (
    RESOLVABLE_TYPES,
    ReferenceResolver,
    UnresolvedReference,
    iter_references,
    normalise_references,
)

__all__ = [
    "DEFAULT_MAX_PARALLEL",
    "FetchProblem",
    "FetchResult",
    "FetchedEntry",
    "QueryOutcome",
    "capabilities_or_unknown",
    "fetch_patient_resources",
    "find_patient_by_bsn",
]

Json = dict[str, Any]

DEFAULT_MAX_PARALLEL = 12
_REFERENCES_PER_REQUEST = 40


@dataclass(frozen=True, slots=True)
class FetchProblem:
    """Something that went wrong for part of the data (Dutch, without patient data)."""

    query: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.query}] {self.message}" if self.query else self.message


StoreKey = tuple[str, str, str]  # (type, id, version)


@dataclass(frozen=True, slots=True)
class _Stored:
    """One fetched resource version: packed as it arrived (references normalised), and
    what the fetch needs of it without parsing it again."""

    packed: PackedResource
    #: The reference strings in the resource (not in ``contained``), in order, once each.
    references: tuple[str, ...]
    #: ``Type/id`` of what those references point at.
    targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class FetchedEntry:
    """One entry of a query's answer, held packed (the page it came on is released)."""

    key: StoreKey
    stored: _Stored
    mode: str  # search.mode: "match", "include" or "outcome"
    #: The query's client filter applied without any context: ``True`` keeps the resource
    #: whatever else is fetched (a filter only finds more reasons to keep a resource in a
    #: richer context); ``False`` means: decide with the context; ``None``: no filter.
    verdict: bool | None = None
    #: An OperationOutcome or an entry with ``search.mode`` "outcome" (a warning).
    warning: bool = False

    @property
    def resource(self) -> Json:
        """The resource (parsed anew on every call)."""
        return self.stored.packed.load()


@dataclass
class QueryOutcome:
    key: str
    attempt: Attempt | None = None  # the attempt whose answer was used
    matches: int = 0
    kept: int = 0
    included: int = 0
    error: FhirError | None = None
    skipped: str | None = None  # Dutch reason when the query was not sent
    seconds: float = 0.0
    entries: list[FetchedEntry] = field(default_factory=list, repr=False)
    #: Sent before the CapabilityStatement was known and stopped at a fallback, because the
    #: real plan words this query differently (it is sent again).
    superseded: bool = False
    #: Runtime decisions and problems of this query; they count once the answer is used.
    decisions: list[Decision] = field(default_factory=list, repr=False)
    problems: list[FetchProblem] = field(default_factory=list, repr=False)


@dataclass
class FetchResult:
    """All resources of one patient in one source, and how they were obtained.

    ``resources`` holds them packed (:class:`PackedResources`): each is parsed when taken.
    """

    patient_id: str
    resources: Sequence[Json]
    plan: QueryPlan
    decisions: list[Decision]
    problems: list[FetchProblem]
    outcomes: dict[str, QueryOutcome]
    unresolved: list[UnresolvedReference]
    requests: int = 0
    seconds: float = 0.0

    @property
    def patient_reference(self) -> str:
        return f"Patient/{self.patient_id}"

    @property
    def patient(self) -> Json | None:
        outcome = self.outcomes.get("patient")
        if outcome and outcome.entries:
            return outcome.entries[0].resource
        return None

    @property
    def packed(self) -> tuple[PackedResource, ...]:
        """The resources as held (packed), without parsing them."""
        if isinstance(self.resources, PackedResources):
            return self.resources.packed
        return tuple(PackedResource(resource) for resource in self.resources)


def capabilities_or_unknown(client: FhirClient) -> tuple[Capabilities, Decision | None]:
    """The client's capabilities; "unknown" when the server has no usable statement.

    Not being able to reach the server or not being allowed in is not hidden: those raise.
    """
    try:
        return client.capabilities(), None
    except (TransportError, NotAuthorised):
        raise
    except (HttpStatusError, ContentError) as exc:
        return Capabilities.unknown(), Decision(
            "metadata", f"CapabilityStatement niet bruikbaar: {exc.user_message}", runtime=True
        )


def find_patient_by_bsn(client: FhirClient, bsn: str) -> str:
    """The logical id of the patient with this BSN in this source.

    The match is checked here too (a server that ignores ``identifier`` would otherwise
    return some other patient). Raises :class:`NotFound` or :class:`AmbiguousPatient`.
    """
    result = client.search("Patient", [("identifier", f"{BSN}|{bsn}")])
    ids: dict[str, None] = {}
    for resource in result.matches:
        if resource.get("resourceType") != "Patient" or not isinstance(resource.get("id"), str):
            continue
        identifiers = resource.get("identifier")
        if not isinstance(identifiers, list):
            continue
        if any(
            isinstance(i, dict)
            and i.get("system") == BSN
            and str(i.get("value", "")).strip() == bsn
            for i in identifiers
        ):
            ids[resource["id"]] = None
    if not ids:
        raise NotFound(404, user_message=NO_PATIENT_WITH_BSN)
    if len(ids) > 1:
        raise AmbiguousPatient()
    return next(iter(ids))


# ------------------------------------------------------------------------------- running


class _Run:
    """The state of one fetch (thread-safe where worker threads touch it)."""

    def __init__(self, client: FhirClient, plan: QueryPlan, executor: Executor) -> None:
        self.client = client
        self.plan = plan  # replaced by the real plan once the capabilities are known
        self.executor = executor
        self.decisions: list[Decision] = []  # runtime decisions
        self.problems: list[FetchProblem] = []
        self.outcomes: dict[str, QueryOutcome] = {}
        self.unresolved: list[UnresolvedReference] = []
        self._lock = threading.Lock()
        #: Every resource version packed so far (the same version from another query is
        #: not packed again), and the strings and reference lists they share.
        self._stored: dict[StoreKey, _Stored] = {}
        self._packer = Packer()
        self._shared_references: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._shared_targets: dict[frozenset[str], frozenset[str]] = {}

    def problem(self, query: str | None, message: str) -> None:
        with self._lock:
            self.problems.append(FetchProblem(query, message))

    # ---------------------------------------------------------------- packing

    def store(self, resource: Json) -> tuple[StoreKey, _Stored]:
        """``resource`` packed (its absolute references on this base made relative first),
        or the version packed before."""
        key = _store_key(resource)
        with self._lock:
            known = self._stored.get(key)
        if known is not None:
            return key, known
        normalise_references(self.client, (resource,))
        share = self._packer.share
        references = tuple(share(ref) for ref in dict.fromkeys(iter_references(resource)))
        targets = frozenset(share(target) for target in map(_relative_key, references))
        packed = self._packer.pack(resource)
        with self._lock:
            references = self._shared_references.setdefault(references, references)
            targets = self._shared_targets.setdefault(targets, targets)
            stored = self._stored.setdefault(key, _Stored(packed, references, targets))
        return key, stored

    def pack(
        self, entries: Iterable[SearchEntry], client_filter: ClientFilter
    ) -> list[FetchedEntry]:
        """The entries of one page, packed; ``client_filter`` is applied where it needs no
        context (the rest is decided once everything is fetched)."""
        out: list[FetchedEntry] = []
        empty = FilterContext({})
        for entry in entries:
            resource = entry.resource
            warning = entry.mode == "outcome" or resource.get("resourceType") == "OperationOutcome"
            key, stored = self.store(resource)
            verdict: bool | None = None
            if client_filter is not ClientFilter.NONE and entry.mode == "match" and not warning:
                verdict = keep(client_filter, resource, empty)
            out.append(FetchedEntry(key, stored, entry.mode, verdict, warning))
        return out

    # ---------------------------------------------------------------- one query

    def execute(
        self,
        attempt: Attempt,
        context: FilterContext | None,
        outcome: QueryOutcome,
        client_filter: ClientFilter = ClientFilter.NONE,
    ) -> list[FetchedEntry]:
        """Send ``attempt``; its entries packed page by page as they arrive."""
        client = self.client
        entries: list[FetchedEntry] = []

        def on_page(page: list[SearchEntry]) -> None:
            entries.extend(self.pack(page, client_filter))

        if attempt.kind is AttemptKind.READ:
            assert attempt.resource_id is not None
            on_page([SearchEntry(client.read(attempt.resource_type, attempt.resource_id))])
            return entries
        if attempt.kind is AttemptKind.HISTORY:
            assert attempt.resource_id is not None
            result = client.history(attempt.resource_type, attempt.resource_id, on_page=on_page)
            self._notes(attempt.resource_type, result, outcome)
            return entries
        params = list(attempt.params)
        placeholder = [i for i, (_, v) in enumerate(params) if v == ACP_PROCEDURES_PLACEHOLDER]
        if not placeholder:
            result = client.search(attempt.resource_type, params, on_page=on_page)
            self._notes(attempt.resource_type, result, outcome)
            return entries
        assert context is not None
        references = sorted(context.acp_procedures)
        for start in range(0, len(references), _REFERENCES_PER_REQUEST):
            chunk = ",".join(references[start : start + _REFERENCES_PER_REQUEST])
            chunk_params = [
                (n, chunk if i in placeholder else v) for i, (n, v) in enumerate(params)
            ]
            result = client.search(attempt.resource_type, chunk_params, on_page=on_page)
            self._notes(attempt.resource_type, result, outcome)
        return entries

    @staticmethod
    def _notes(label: str, result: SearchResult, outcome: QueryOutcome) -> None:
        outcome.problems.extend(FetchProblem(label, note) for note in result.notes)

    def run_query(
        self,
        query: PlannedQuery,
        context: FilterContext | None,
        real_plan: Future[QueryPlan] | None = None,
    ) -> QueryOutcome:
        """Run ``query``'s attempts. ``real_plan``: the query was planned without the
        CapabilityStatement; before falling back it waits for the real plan and stops
        (``superseded``) when that plan words the query differently."""
        outcome = QueryOutcome(query.key)
        started = time.perf_counter()
        try:
            self._run_attempts(query, context, outcome, real_plan)
        except FhirError as exc:
            outcome.error = exc
        finally:
            outcome.seconds = time.perf_counter() - started
        return outcome

    @staticmethod
    def _still_planned(query: PlannedQuery, real_plan: Future[QueryPlan] | None) -> bool:
        if real_plan is None:
            return True
        if real_plan.exception() is not None:  # waits for the CapabilityStatement
            return False
        planned = real_plan.result().query(query.key)
        return planned is not None and planned.attempts == query.attempts

    def _run_attempts(
        self,
        query: PlannedQuery,
        context: FilterContext | None,
        outcome: QueryOutcome,
        real_plan: Future[QueryPlan] | None,
    ) -> None:
        def decide(message: str) -> None:
            outcome.decisions.append(Decision(query.key, message, runtime=True))

        attempts = query.attempts
        if any(v == ACP_PROCEDURES_PLACEHOLDER for a in attempts[:1] for _, v in a.params):
            assert context is not None
            if not context.acp_procedures:
                outcome.skipped = "geen PZP-verrichtingen gevonden"
                return
        for index, attempt in enumerate(attempts):
            if index > 0 and not self._still_planned(query, real_plan):
                outcome.superseded = True
                return
            has_next = index + 1 < len(attempts)
            try:
                entries = self.execute(attempt, context, outcome, query.client_filter)
            except (InvalidRequest, NotFound) as exc:
                if attempt.kind is AttemptKind.HISTORY:
                    decide("De bron gaf geen versiegeschiedenis.")
                    outcome.skipped = "geen versiegeschiedenis"
                    return
                if attempt.kind is not AttemptKind.SEARCH or not has_next:
                    raise
                decide(
                    f"De bron weigerde '{attempt.label}' (HTTP {exc.status}); verder met "
                    f"'{attempts[index + 1].label}'."
                )
                continue
            if not entries and attempt.fallback_if_empty and has_next:
                decide(
                    f"Geen resultaat met '{attempt.label}'; ter controle verder met "
                    f"'{attempts[index + 1].label}'."
                )
                continue
            outcome.attempt = attempt
            outcome.entries = entries
            return

    def submit(
        self,
        queries: Iterable[PlannedQuery],
        context: FilterContext | None,
        real_plan: Future[QueryPlan] | None = None,
    ) -> Submitted:
        """Start ``queries`` on the executor (they run in parallel)."""
        return [(self.executor.submit(self.run_query, q, context, real_plan), q) for q in queries]

    @staticmethod
    def outcome_of(future: Future[QueryOutcome], query: PlannedQuery) -> QueryOutcome:
        error = future.exception()
        if error is None:
            return future.result()
        if isinstance(error, FhirError):
            return QueryOutcome(query.key, error=error)
        raise error

    def collect(
        self, submitted: Submitted, prefetched: Iterable[QueryOutcome] = ()
    ) -> list[QueryOutcome]:
        """Wait for ``submitted``; raise what fails the source, report the rest."""
        wait_all([future for future, _ in submitted])
        outcomes = [self.outcome_of(f, q) for f, q in submitted]
        outcomes.extend(prefetched)
        for outcome in outcomes:
            self.outcomes[outcome.key] = outcome
            with self._lock:
                self.decisions.extend(outcome.decisions)
                self.problems.extend(outcome.problems)
        self._raise_source_failure(outcomes)
        for outcome in outcomes:
            if outcome.error is not None:
                self.problem(
                    outcome.key,
                    f"Zoekvraag '{self._title(outcome.key)}' mislukt: {outcome.error.user_message}",
                )
        return outcomes

    def _title(self, key: str) -> str:
        query = self.plan.query(key)
        return query.title if query else key

    def _raise_source_failure(self, outcomes: list[QueryOutcome]) -> None:
        """Raise what makes the whole source fail, most telling first."""
        errors = [o.error for o in outcomes if o.error is not None]
        for kind in (NotAuthorised, TransportError):
            for error in errors:
                if isinstance(error, kind):
                    raise error
        for outcome in outcomes:
            query = self.plan.query(outcome.key)
            if outcome.error is not None and query is not None and query.essential:
                raise outcome.error


Submitted = list[tuple[Future[QueryOutcome], PlannedQuery]]


def _store_key(resource: Json) -> StoreKey:
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, dict) else None
    return (
        str(resource.get("resourceType")),
        str(resource.get("id")),
        str(version) if version is not None else "",
    )


def _version_order(version: str) -> tuple[int, int, str]:
    """Versions compare numerically when they are numbers; no version sorts last."""
    if not version:
        return (2, 0, "")
    if version.isdigit():
        return (1, int(version), "")
    return (0, 0, version)


def _has_older_versions(resource: PackedResource) -> bool:
    """False when the resource is at its first version (``meta.versionId`` "1"): its
    ``_history`` would only repeat it. Any other or no version: it may have older ones."""
    return (resource.version or "").strip() != "1"


def fetch_patient_resources(
    client: FhirClient,
    patient_id: str,
    plan: QueryPlan | None = None,
    *,
    executor: Executor | None = None,
    max_parallel: int = DEFAULT_MAX_PARALLEL,
) -> FetchResult:
    """Every PZP resource of ``Patient/<patient_id>`` in this source (history versions
    included), the plan used, its runtime fallbacks and the problems met.

    Round trips: (1) every query that needs nothing but the patient id — with the
    CapabilityStatement next to them when the client has not read it yet (see the module
    docstring); (2) only when needed: histories of RelatedPersons with older versions,
    queries the real plan words differently than the first guess, queries that depend on
    earlier results (1b) and references nothing included, in parallel with each other.

    Raises :class:`NotAuthorised`, :class:`TransportError` and errors reading the Patient
    itself (:class:`NotFound`, :class:`Forbidden`, …); everything else ends up in
    ``problems``.
    """
    started = time.perf_counter()
    requests_before = client.request_count
    own_executor = executor is None
    pool: Executor = executor or ThreadPoolExecutor(
        max_workers=max_parallel, thread_name_prefix="pzp-fetch"
    )
    metadata_decision: Decision | None = None
    try:
        if plan is None and client.cached_capabilities is not None:
            plan = plan_patient_queries(client.cached_capabilities, patient_id)
        if plan is not None:
            run = _Run(client, plan, pool)
            first = run.submit(_first_round(plan), None)
        else:
            # The first time: read the CapabilityStatement and, at the same time, send the
            # queries planned for a server that declares nothing. The statement goes first:
            # it is the largest answer and the only one the others may wait for (a FIFO
            # executor runs it before any guessed query can wait for it).
            statement = pool.submit(capabilities_or_unknown, client)
            guessed = plan_patient_queries(Capabilities.unknown(), patient_id)
            real_plan: Future[QueryPlan] = Future()
            run = _Run(client, guessed, pool)
            first = run.submit(_first_round(guessed), None, real_plan)
            try:
                capabilities, metadata_decision = statement.result()
                plan = plan_patient_queries(capabilities, patient_id)
            except BaseException as exc:
                real_plan.set_exception(exc)  # guessed queries stop before any fallback
                wait_all([future for future, _ in first])
                raise
            real_plan.set_result(plan)
            run.plan = plan
        resources = _fetch(run, client, plan, first)
    finally:
        if own_executor:
            pool.shutdown(wait=True, cancel_futures=True)
    decisions = list(plan.decisions)
    if metadata_decision is not None:
        decisions.insert(0, metadata_decision)
    return FetchResult(
        patient_id=patient_id,
        resources=PackedResources(resources),
        plan=plan,
        decisions=decisions + run.decisions,
        problems=run.problems,
        outcomes=run.outcomes,
        unresolved=list(run.unresolved),
        requests=client.request_count - requests_before,
        seconds=time.perf_counter() - started,
    )


def _first_round(plan: QueryPlan) -> list[PlannedQuery]:
    return [q for q in plan.queries if q.phase == 1 and q.attempts]


def _history_query(person: str) -> PlannedQuery:
    return PlannedQuery(
        f"history:{person}",
        "Eerdere versies van vertegenwoordiger/contactpersoon",
        "GET RelatedPerson/[id]/_history",
        (
            Attempt(
                "RelatedPerson",
                label="versiegeschiedenis",
                kind=AttemptKind.HISTORY,
                resource_id=person.split("/", 1)[1],
            ),
        ),
    )


class _Collected:
    """The resources of one fetch, and which of them belong to the patient's PZP data.

    *Roots* are search matches that passed their filter (or needed none) and history
    versions. *Attachments* (includes, resolved references) are kept only when connected to
    a root: referenced by one, or referencing one other than the Patient (an Encounter
    found through ``_revinclude``). So the Device of a pacemaker, included next to a
    DeviceUseStatement the ICD filter dropped, is dropped too.

    Resources are held packed; a filter that needs to see one parses it (once).
    """

    def __init__(self, patient_reference: str) -> None:
        self.patient_reference = patient_reference
        self.store: dict[StoreKey, _Stored] = {}
        self.roots: set[StoreKey] = set()
        self.attachments: set[StoreKey] = set()
        self.pending: list[tuple[ClientFilter, StoreKey]] = []

    def add(self, key: StoreKey, stored: _Stored) -> StoreKey:
        self.store.setdefault(key, stored)
        return key

    def newest(self, keys: Iterable[StoreKey] | None = None) -> dict[str, _Stored]:
        """``Type/id`` -> newest version, among ``keys`` (default: everything)."""
        out: dict[str, tuple[tuple[int, int, str], _Stored]] = {}
        for key in self.store if keys is None else keys:
            stored = self.store[key]
            order = _version_order(key[2])
            short = f"{key[0]}/{key[1]}"
            if short not in out or out[short][0] <= order:
                out[short] = (order, stored)
        return {k: v for k, (_, v) in out.items()}

    def apply_filters(self, *, final: bool) -> None:
        context = FilterContext(_ParsedNewest(self.newest()))
        remaining = []
        for client_filter, key in self.pending:
            if client_filter.needs_references and not final:
                remaining.append((client_filter, key))
            elif keep(client_filter, self.store[key].packed.load(), context):
                self.roots.add(key)
        self.pending = remaining

    def kept_so_far(self) -> dict[str, _Stored]:
        """Roots plus everything attached (filters still pending count as roots)."""
        return self.newest(self._final_keys(self.roots | {k for _, k in self.pending}))

    def final(self) -> list[PackedResource]:
        keys = self._final_keys(self.roots)
        return [stored.packed for k, stored in self.store.items() if k in keys]

    def _final_keys(self, roots: set[StoreKey]) -> set[StoreKey]:
        def short(key: StoreKey) -> str:
            return f"{key[0]}/{key[1]}"

        kept_short = {short(k) for k in roots}
        attachments = [k for k in self.attachments if k not in roots]
        store = self.store
        changed = True
        while changed:
            changed = False
            referenced = set().union(
                *(stored.targets for k, stored in store.items() if short(k) in kept_short)
            )
            for key in attachments:
                name = short(key)
                if name in kept_short:
                    continue
                if (
                    name in referenced
                    or (store[key].targets - {self.patient_reference}) & kept_short
                ):
                    kept_short.add(name)
                    changed = True
        return {k for k in store if short(k) in kept_short}


class _ParsedNewest(Mapping[str, Json]):
    """What client filters may look at: the newest version of every fetched resource of a
    type that records refer to (:data:`RESOLVABLE_TYPES`: the Procedure of an Encounter,
    the Device of a DeviceUseStatement, …), parsed when looked at."""

    def __init__(self, newest: Mapping[str, _Stored]) -> None:
        self._newest = {
            key: stored
            for key, stored in newest.items()
            if key.split("/", 1)[0] in RESOLVABLE_TYPES
        }

    def __getitem__(self, key: str) -> Json:
        return self._newest[key].packed.load()

    def __iter__(self) -> Iterator[str]:
        return iter(self._newest)

    def __len__(self) -> int:
        return len(self._newest)


def _relative_key(reference: str) -> str:
    return "/".join(reference.split("/_history/", 1)[0].split("/")[-2:])


def _fetch(
    run: _Run, client: FhirClient, plan: QueryPlan, first: Submitted
) -> list[PackedResource]:
    collected = _Collected(f"Patient/{plan.patient_id}")

    def absorb(outcomes: list[QueryOutcome]) -> None:
        """Add results; matches of filtered queries wait for their filter."""
        for outcome in outcomes:
            query = plan.query(outcome.key)
            client_filter = query.client_filter if query else ClientFilter.NONE
            for entry in outcome.entries:
                if entry.warning:
                    run.problem(outcome.key, "De bron gaf een waarschuwing bij deze zoekvraag.")
                    continue
                key = collected.add(entry.key, entry.stored)
                if entry.mode == "include":
                    outcome.included += 1
                    collected.attachments.add(key)
                    continue
                outcome.matches += 1
                if client_filter is ClientFilter.NONE or entry.verdict:
                    collected.roots.add(key)
                else:
                    collected.pending.append((client_filter, key))

    for query in plan.queries:
        if not query.attempts:
            run.outcomes[query.key] = QueryOutcome(query.key, skipped="niet ondersteund")

    # Round 1 was sent before the plan may have been known: keep the answers the real plan
    # would have given, send the others again.
    wait_all([future for future, _ in first])
    reused: list[QueryOutcome] = []
    for future, sent in first:
        planned = plan.query(sent.key)
        outcome = run.outcome_of(future, sent)
        if planned is not None and planned.attempts == sent.attempts and not outcome.superseded:
            reused.append(outcome)
    reused_keys = {o.key for o in reused}

    # Round 2, only when needed. Queries the real plan words differently come first when
    # there are any (later queries may depend on them); the histories of RelatedPersons
    # with older versions depend on nothing else and go along with whatever is sent next.
    histories: list[PlannedQuery] = []
    histories_done: set[str] = set()
    persons = next((o for o in reused if o.key == "related-persons" and o.error is None), None)
    if persons is not None and plan.related_person_history.maybe:
        for entry in persons.entries:
            packed = entry.stored.packed
            if entry.mode == "match" and packed.resource_type == "RelatedPerson" and packed.id:
                person = f"RelatedPerson/{packed.id}"
                if person not in histories_done:
                    histories_done.add(person)
                    if _has_older_versions(packed):
                        histories.append(_history_query(person))
    resend = [q for q in _first_round(plan) if q.key not in reused_keys]
    if resend:
        absorb(run.collect(run.submit([*resend, *histories], None), reused))
        histories = []
    else:
        absorb(run.collect([], reused))
    collected.apply_filters(final=False)

    phase2: list[PlannedQuery] = []
    for query in plan.queries:
        if query.phase != 2 or not query.attempts:
            continue
        if query.unless_used is not None:
            other = run.outcomes.get(query.unless_used[0])
            if other and other.attempt and other.attempt.has_param(query.unless_used[1]):
                run.outcomes[query.key] = QueryOutcome(query.key, skipped="niet nodig")
                continue
        phase2.append(query)
    kept = collected.kept_so_far()
    if plan.related_person_history.maybe:
        histories.extend(
            _history_query(person)
            for person, stored in sorted(kept.items())
            if person.startswith("RelatedPerson/")
            and person not in histories_done
            and _has_older_versions(stored.packed)
        )
    submitted = [
        *run.submit(phase2, FilterContext(_ParsedNewest(kept))),
        *run.submit(histories, None),
    ]
    resolver = ReferenceResolver(client, plan.patient_id)

    def resolve(kept: dict[str, _Stored]) -> None:
        """Read what the kept resources reference and the fetch lacks (as attachments)."""
        references = (ref for stored in kept.values() for ref in stored.references)
        found = resolver.resolve_references(references, set(kept), executor=run.executor)
        for resource in found:
            collected.attachments.add(collected.add(*run.store(resource)))

    try:
        resolve(kept)
    finally:
        wait_all([future for future, _ in submitted])
    if submitted:
        absorb(run.collect(submitted))
        collected.apply_filters(final=False)
        resolve(collected.kept_so_far())
    run.unresolved = list(resolver.unresolved.values())

    collected.apply_filters(final=True)
    return collected.final()

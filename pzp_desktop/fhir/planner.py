"""Which queries to send to a server for one patient (spec §5, corrected), and why.

The plan starts from the standard's queries and, per query, lists *attempts* from the
richest to the plainest: the fetcher sends the first one and moves on to the next when the
server rejects it (:class:`~pzp_desktop.fhir.errors.InvalidRequest`) or, for attempts marked
``fallback_if_empty``, when it finds nothing. Features the CapabilityStatement says are
missing are left out up front; features it does not mention are tried. Whatever the server
filters, :mod:`pzp_desktop.fhir.filters` filters again, and references that were not
included are read afterwards (:mod:`pzp_desktop.fhir.references`).

Every choice is recorded as a :class:`Decision` (Dutch, for ``pzp-desktop probe`` and the
source details in the GUI).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import CONSENT_CATEGORY, CONSENT_SCOPE, SCT
from pzp_desktop.domain.reading.questionnaire_response import OLDER_QUESTIONNAIRE_URL
from pzp_desktop.fhir.capabilities import Capabilities, Support
from pzp_desktop.fhir.filters import (
    ACP_PROCEDURE_CODE,
    GOAL_CODES,
    OBSERVATION_CODES,
    TREATMENT_DIRECTIVE_CATEGORY,
    ClientFilter,
)

__all__ = [
    "ACP_PROCEDURES_PLACEHOLDER",
    "DEFAULT_PAGE_SIZE",
    "Attempt",
    "AttemptKind",
    "Decision",
    "PlannedQuery",
    "QueryPlan",
    "plan_patient_queries",
]

DEFAULT_PAGE_SIZE = 200
#: In a parameter value: replaced by the ``Procedure/<id>`` list found by query 1a.
ACP_PROCEDURES_PLACEHOLDER = "{acp-procedures}"

GOAL_VALUE_SET = "https://fhir.iknl.nl/fhir/ValueSet/ACP-MedicalPolicyGoal"
ICD_VALUE_SET = "https://fhir.iknl.nl/fhir/ValueSet/ACP-MedicalDeviceProductType-ICD"

Param = tuple[str, str]


class AttemptKind(StrEnum):
    SEARCH = "search"
    READ = "read"
    HISTORY = "history"


@dataclass(frozen=True)
class Attempt:
    """One concrete request for a planned query."""

    resource_type: str
    params: tuple[Param, ...] = ()
    label: str = ""  # Dutch: what this attempt is ("met _include", "zonder filter")
    kind: AttemptKind = AttemptKind.SEARCH
    resource_id: str | None = None  # READ / HISTORY
    fallback_if_empty: bool = False

    def has_param(self, name: str) -> bool:
        return any(n == name for n, _ in self.params)

    def display(self) -> str:
        """The request as a human reads it (unencoded; for probe output and decisions)."""
        if self.kind is AttemptKind.READ:
            return f"GET {self.resource_type}/{self.resource_id}"
        if self.kind is AttemptKind.HISTORY:
            return f"GET {self.resource_type}/{self.resource_id}/_history"
        query = "&".join(f"{n}={v}" for n, v in self.params if n != "_count")
        return f"GET {self.resource_type}?{query}" if query else f"GET {self.resource_type}"


@dataclass(frozen=True)
class PlannedQuery:
    key: str  # "1a", "1b", "2" … "7", "patient", "patient-history", "related-persons", "qr"
    title: str  # Dutch
    standard: str  # the standard's (corrected) query, for the probe report
    attempts: tuple[Attempt, ...]  # empty: skipped (see the decisions)
    client_filter: ClientFilter = ClientFilter.NONE
    #: 1: sent at once; 2: after phase 1, because it needs phase-1 results.
    phase: int = 1
    #: Skip when query ``[0]``'s successful attempt used parameter ``[1]``.
    unless_used: tuple[str, str] | None = None
    #: A failure of this query fails the whole source (the Patient itself).
    essential: bool = False
    #: The first attempt uses something the CapabilityStatement does not (or cannot, in R4:
    #: chaining, ``:in``) declare; the fetch finds out.
    tentative: bool = False

    @property
    def skipped(self) -> bool:
        return not self.attempts


@dataclass(frozen=True)
class Decision:
    """Why a query is sent the way it is (``runtime``: decided while fetching)."""

    query: str
    message: str
    runtime: bool = False
    #: False for remarks that are no fallback ("1b not needed").
    fallback: bool = True

    def __str__(self) -> str:
        return f"[{self.query}] {self.message}"


@dataclass(frozen=True)
class QueryPlan:
    patient_id: str
    queries: tuple[PlannedQuery, ...]
    decisions: tuple[Decision, ...] = ()
    #: Read ``RelatedPerson/<id>/_history`` for each RelatedPerson found.
    related_person_history: Support = Support.UNKNOWN
    capabilities_known: bool = True
    notes: tuple[str, ...] = field(default=())

    def query(self, key: str) -> PlannedQuery | None:
        return next((q for q in self.queries if q.key == key), None)


def _sct(code: str) -> str:
    return f"{SCT}|{code}"


def _dedupe(attempts: Iterable[Attempt | None]) -> tuple[Attempt, ...]:
    out: list[Attempt] = []
    seen: set[tuple[str, tuple[Param, ...], AttemptKind]] = set()
    for attempt in attempts:
        if attempt is None:
            continue
        key = (attempt.resource_type, attempt.params, attempt.kind)
        if key in seen:
            continue
        seen.add(key)
        out.append(attempt)
    return tuple(out)


class _Planner:
    def __init__(self, caps: Capabilities, patient_id: str, page_size: int | None) -> None:
        self.caps = caps
        self.patient_id = patient_id
        self.page_size = page_size
        self.decisions: list[Decision] = []
        #: Queries whose first attempt relies on something the server did not declare.
        self.tentative: set[str] = set()

    def maybe(self, key: str, support: Support) -> bool:
        """Worth trying; remembers when only because the server did not say."""
        if support is Support.UNKNOWN:
            self.tentative.add(key)
        return support.maybe

    def decide(self, query: str, message: str, *, fallback: bool = True) -> None:
        self.decisions.append(Decision(query, message, fallback=fallback))

    # ------------------------------------------------------------------ helpers

    def count(self) -> tuple[Param, ...]:
        return (("_count", str(self.page_size)),) if self.page_size else ()

    def patient_param(self, key: str, rtype: str) -> Param | None:
        """``patient=<id>``, else ``subject=Patient/<id>``; None when neither is searchable."""
        searchable = self.caps.searchable(rtype)
        if not self.maybe(key, searchable):
            self.decide(key, f"{rtype} is niet doorzoekbaar op deze bron; overgeslagen.")
            return None
        if self.maybe(key, self.caps.search_param(rtype, "patient")):
            return ("patient", self.patient_id)
        if self.maybe(key, self.caps.search_param(rtype, "subject")):
            self.decide(key, f"{rtype}: geen zoekparameter 'patient'; 'subject' gebruikt.")
            return ("subject", f"Patient/{self.patient_id}")
        self.decide(key, f"{rtype}: niet te zoeken per patiënt op deze bron; overgeslagen.")
        return None

    def includes(self, key: str, rtype: str, wanted: Iterable[tuple[str, str, str]]) -> list[Param]:
        """The ``_include``/``_revinclude`` parameters worth sending.

        ``wanted``: (parameter name, value, resource type whose list declares it).
        """
        out: list[Param] = []
        for name, value, declared_on in wanted:
            support = (
                self.caps.revinclude(declared_on, value)
                if name == "_revinclude"
                else self.caps.include(declared_on, value)
            )
            if self.maybe(key, support):
                out.append((name, value))
            else:
                self.decide(
                    key,
                    f"{name}={value} niet ondersteund; ontbrekende verwijzingen worden "
                    "daarna apart opgehaald.",
                )
        return out

    def search(
        self,
        rtype: str,
        params: Iterable[Param],
        label: str,
        *,
        fallback_if_empty: bool = False,
    ) -> Attempt:
        return Attempt(
            rtype,
            (*params, *self.count()),
            label,
            fallback_if_empty=fallback_if_empty,
        )

    # ------------------------------------------------------------------ the queries

    def patient(self) -> list[PlannedQuery]:
        queries = [
            PlannedQuery(
                "patient",
                "Patiënt",
                "GET Patient/[id]",
                (
                    Attempt(
                        "Patient",
                        label="lezen",
                        kind=AttemptKind.READ,
                        resource_id=self.patient_id,
                    ),
                ),
                essential=True,
            )
        ]
        history = self.caps.interaction("Patient", "history-instance")
        attempts: tuple[Attempt, ...] = ()
        if self.maybe("patient-history", history):
            attempts = (
                Attempt(
                    "Patient",
                    label="versiegeschiedenis",
                    kind=AttemptKind.HISTORY,
                    resource_id=self.patient_id,
                ),
            )
        else:
            self.decide(
                "patient-history",
                "De bron ondersteunt geen _history van Patient: alleen de huidige "
                "wilsbekwaamheid is zichtbaar, geen eerdere waarden.",
            )
        queries.append(
            PlannedQuery(
                "patient-history",
                "Eerdere versies van de patiënt (wilsbekwaamheid)",
                "GET Patient/[id]/_history",
                attempts,
            )
        )
        return queries

    def related_persons(self) -> PlannedQuery:
        key = "related-persons"
        by_patient = self.patient_param(key, "RelatedPerson")
        attempts = _dedupe([self.search("RelatedPerson", [by_patient], "")] if by_patient else [])
        return PlannedQuery(
            key,
            "Wettelijk vertegenwoordiger en contactpersonen",
            "GET RelatedPerson?patient=[id]",
            attempts,
        )

    def q1a(self) -> PlannedQuery:
        key = "1a"
        by_patient = self.patient_param(key, "Procedure")
        attempts: list[Attempt | None] = []
        if by_patient:
            code_support = self.caps.search_param("Procedure", "code")
            code = [("code", _sct(ACP_PROCEDURE_CODE))] if self.maybe(key, code_support) else []
            if not code:
                self.decide(
                    key,
                    "Procedure: zoekparameter 'code' niet ondersteund; gefilterd in PZP Desktop.",
                )
            extra = self.includes(
                key,
                "Procedure",
                [
                    ("_include", "Procedure:encounter", "Procedure"),
                    ("_revinclude", "Encounter:reason-reference", "Procedure"),
                    ("_include:iterate", "Encounter:participant", "Encounter"),
                    ("_include", "Procedure:performer", "Procedure"),
                    ("_include:iterate", "PractitionerRole:practitioner", "PractitionerRole"),
                ],
            )
            attempts = [
                self.search("Procedure", [by_patient, *code, *extra], "met _include/_revinclude"),
                self.search("Procedure", [by_patient, *code], "zonder _include"),
                self.search("Procedure", [by_patient], "alle verrichtingen, gefilterd"),
            ]
        return PlannedQuery(
            key,
            "PZP-gesprekken (Procedure + Encounter)",
            f"GET Procedure?patient=[id]&code={_sct(ACP_PROCEDURE_CODE)}"
            "&_include=Procedure:encounter&_revinclude=Encounter:reason-reference",
            _dedupe(attempts),
            ClientFilter.ACP_PROCEDURE,
        )

    def q1b(self, revinclude: Support) -> PlannedQuery:
        """Encounters that point at an ACP Procedure that does not point back (§7 item 2).

        Only needed when 1a could not use ``_revinclude``. The best fallback asks for the
        Encounters whose ``reason-reference`` is one of the Procedures 1a found (this also
        finds Encounters without ``subject``, §7 item 1); then the standard's chained query;
        then all Encounters of the patient, filtered here.
        """
        key = "1b"
        standard = (
            f"GET Encounter?patient=[id]&reason-reference:Procedure.code={_sct(ACP_PROCEDURE_CODE)}"
            "&_include=Encounter:reason-reference&_include=Encounter:participant"
            "&_include:iterate=PractitionerRole:practitioner"
        )
        if revinclude is Support.YES:
            self.decide(
                key, "Niet nodig: 1a haalt de Encounters op met _revinclude.", fallback=False
            )
        elif revinclude is Support.UNKNOWN:
            self.decide(key, "Alleen als 1a _revinclude niet kan gebruiken.", fallback=False)
        else:
            self.decide(key, "_revinclude niet ondersteund: Encounters worden apart gezocht.")
        if self.caps.searchable("Encounter") is Support.NO:
            self.decide(key, "Encounter is niet doorzoekbaar op deze bron; overgeslagen.")
            return PlannedQuery(key, "PZP-gesprekken (Encounter)", standard, ())
        attempts: list[Attempt | None] = []
        includes = self.includes(
            key,
            "Encounter",
            [
                ("_include", "Encounter:reason-reference", "Encounter"),
                ("_include", "Encounter:participant", "Encounter"),
                ("_include:iterate", "PractitionerRole:practitioner", "PractitionerRole"),
            ],
        )
        if self.maybe(key, self.caps.search_param("Encounter", "reason-reference")):
            attempts.append(
                self.search(
                    "Encounter",
                    [("reason-reference", ACP_PROCEDURES_PLACEHOLDER), *includes],
                    "op de Procedures van 1a",
                )
            )
        elif revinclude is Support.NO:
            self.decide(
                key,
                "Encounter: zoekparameter 'reason-reference' niet ondersteund; gesprekken "
                "waarvan de Encounter geen subject heeft, worden niet gevonden (tenzij de "
                "Procedure ernaar verwijst).",
            )
        by_patient = self.patient_param(key, "Encounter")
        if by_patient:
            chain = self.caps.chain("Encounter", "reason-reference", "Procedure", "code")
            if self.maybe(key, chain):
                attempts.append(
                    self.search(
                        "Encounter",
                        [
                            by_patient,
                            ("reason-reference:Procedure.code", _sct(ACP_PROCEDURE_CODE)),
                            *includes,
                        ],
                        "geketende zoekvraag",
                    )
                )
            else:
                self.decide(
                    key, "Geketende zoekvraag (reason-reference:Procedure.code) niet ondersteund."
                )
            attempts.append(self.search("Encounter", [by_patient], "alle contacten, gefilterd"))
        return PlannedQuery(
            key,
            "PZP-gesprekken (Encounter)",
            standard,
            _dedupe(attempts),
            ClientFilter.ACP_ENCOUNTER,
            phase=2,
            unless_used=("1a", "_revinclude"),
        )

    def consent(self, key: str, scope: str, category: tuple[str, str], title: str) -> PlannedQuery:
        by_patient = self.patient_param(key, "Consent")
        cat_system, cat_code = category
        standard = (
            f"GET Consent?patient=[id]&scope={CONSENT_SCOPE}|{scope}"
            f"&category={cat_system}|{cat_code}&_include=Consent:actor"
        )
        attempts: list[Attempt | None] = []
        client_filter = (
            ClientFilter.TREATMENT_DIRECTIVE
            if scope == "treatment"
            else ClientFilter.ADVANCE_DIRECTIVE
        )
        if by_patient:
            filters: list[Param] = []
            for name, value in (
                ("scope", f"{CONSENT_SCOPE}|{scope}"),
                ("category", f"{cat_system}|{cat_code}"),
            ):
                if self.maybe(key, self.caps.search_param("Consent", name)):
                    filters.append((name, value))
                else:
                    self.decide(
                        key,
                        f"Consent: zoekparameter '{name}' niet ondersteund; "
                        "gefilterd in PZP Desktop.",
                    )
            wanted = [("_include", "Consent:actor", "Consent")]
            if scope == "treatment":
                wanted.append(
                    ("_include:iterate", "PractitionerRole:practitioner", "PractitionerRole")
                )
            extra = self.includes(key, "Consent", wanted)
            attempts = [
                self.search("Consent", [by_patient, *filters, *extra], "met _include"),
                self.search("Consent", [by_patient, *filters], "zonder _include"),
                self.search("Consent", [by_patient], "alle toestemmingen, gefilterd"),
            ]
        return PlannedQuery(key, title, standard, _dedupe(attempts), client_filter)

    def q4_goal(self) -> PlannedQuery:
        key = "4"
        by_patient = self.patient_param(key, "Goal")
        code_list = ",".join(_sct(c) for c in GOAL_CODES)
        attempts: list[Attempt | None] = []
        if by_patient:
            if self.maybe(key, self.caps.search_param("Goal", "description")):
                # The code list first: the value set lacks the form's 225353007, so
                # description:in would silently miss those Goals (spec §5 query 4).
                attempts.append(
                    self.search("Goal", [by_patient, ("description", code_list)], "codelijst")
                )
                attempts.append(
                    self.search(
                        "Goal",
                        [by_patient, ("description:in", GOAL_VALUE_SET)],
                        "waardelijst (:in)",
                    )
                )
            else:
                self.decide(
                    key,
                    "Goal: zoekparameter 'description' ontbreekt (geen R4-standaard); alle "
                    "doelen van de patiënt worden opgehaald en in PZP Desktop gefilterd.",
                )
            attempts.append(self.search("Goal", [by_patient], "alle doelen, gefilterd"))
        return PlannedQuery(
            key,
            "Behandeldoel",
            f"GET Goal?patient=[id]&description:in={GOAL_VALUE_SET} of &description={code_list}",
            _dedupe(attempts),
            ClientFilter.POLICY_GOAL,
        )

    def q5_observations(self) -> PlannedQuery:
        key = "5"
        by_patient = self.patient_param(key, "Observation")
        code_list = ",".join(_sct(c) for c in OBSERVATION_CODES)
        attempts: list[Attempt | None] = []
        if by_patient:
            code: list[Param] = []
            if self.maybe(key, self.caps.search_param("Observation", "code")):
                code = [("code", code_list)]
            else:
                self.decide(
                    key,
                    "Observation: zoekparameter 'code' niet ondersteund; alle "
                    "observaties worden opgehaald en gefilterd.",
                )
            extra = self.includes(
                key,
                "Observation",
                [
                    ("_include", "Observation:performer", "Observation"),
                    ("_include:iterate", "PractitionerRole:practitioner", "PractitionerRole"),
                ],
            )
            attempts = [
                self.search("Observation", [by_patient, *code, *extra], "met _include"),
                self.search("Observation", [by_patient, *code], "zonder _include"),
                self.search("Observation", [by_patient], "alle observaties, gefilterd"),
            ]
        return PlannedQuery(
            key,
            "Behandelwensen en overige wensen (observaties)",
            f"GET Observation?patient=[id]&code={code_list}&_include=Observation:performer",
            _dedupe(attempts),
            ClientFilter.PZP_OBSERVATION,
        )

    def q6_devices(self) -> PlannedQuery:
        key = "6"
        by_patient = self.patient_param(key, "DeviceUseStatement")
        attempts: list[Attempt | None] = []
        if by_patient:
            include = self.includes(
                key,
                "DeviceUseStatement",
                [("_include", "DeviceUseStatement:device", "DeviceUseStatement")],
            )
            chain = self.caps.chain("DeviceUseStatement", "device", "Device", "type")
            if self.maybe(key, chain):
                attempts.append(
                    self.search(
                        "DeviceUseStatement",
                        [by_patient, ("device.type:in", ICD_VALUE_SET), *include],
                        "geketend met waardelijst (:in)",
                        # An empty answer may mean "no ICD" or "value set not expandable":
                        # check with the plain query.
                        fallback_if_empty=True,
                    )
                )
            else:
                self.decide(
                    key,
                    "Geketende zoekvraag device.type:in niet ondersteund; alle "
                    "hulpmiddelen worden opgehaald en op ICD gefilterd.",
                )
            attempts.append(
                self.search("DeviceUseStatement", [by_patient, *include], "alle hulpmiddelen")
            )
            attempts.append(
                self.search(
                    "DeviceUseStatement", [by_patient], "alle hulpmiddelen, zonder _include"
                )
            )
        return PlannedQuery(
            key,
            "ICD",
            f"GET DeviceUseStatement?patient=[id]&device.type:in={ICD_VALUE_SET}"
            "&_include=DeviceUseStatement:device",
            _dedupe(attempts),
            ClientFilter.ICD_DEVICE_USE,
        )

    def q7_communication(self) -> PlannedQuery:
        key = "7"
        by_patient = self.patient_param(key, "Communication")
        attempts: list[Attempt | None] = []
        if by_patient:
            if self.maybe(key, self.caps.search_param("Communication", "reason-code")):
                attempts.append(
                    self.search(
                        "Communication",
                        [by_patient, ("reason-code", _sct(ACP_PROCEDURE_CODE))],
                        "op reden (reason-code)",
                    )
                )
            else:
                self.decide(
                    key,
                    "Communication: zoekparameter 'reason-code' (uit de IG) niet geladen; alle "
                    "communicatie van de patiënt wordt opgehaald en gefilterd.",
                )
            attempts.append(
                self.search("Communication", [by_patient], "alle communicatie, gefilterd")
            )
        return PlannedQuery(
            key,
            "Naasten geïnformeerd",
            f"GET Communication?patient=[id]&reason-code={_sct(ACP_PROCEDURE_CODE)}",
            _dedupe(attempts),
            ClientFilter.ACP_COMMUNICATION,
        )

    def questionnaire_responses(self) -> PlannedQuery:
        key = "qr"
        by_patient = self.patient_param(key, "QuestionnaireResponse")
        attempts: list[Attempt | None] = []
        if by_patient:
            if self.maybe(key, self.caps.search_param("QuestionnaireResponse", "questionnaire")):
                # The form under its current and its older canonical, as one OR list. A
                # server that matches canonicals only with their version gets the versioned
                # one (the older canonical's versions are unknown); one that rejects or
                # does not understand the list finds nothing and falls back to all forms.
                attempts.append(
                    self.search(
                        "QuestionnaireResponse",
                        [
                            by_patient,
                            (
                                "questionnaire",
                                f"{profiles.QUESTIONNAIRE_URL},{OLDER_QUESTIONNAIRE_URL}",
                            ),
                        ],
                        "formulier zonder versie",
                        fallback_if_empty=True,
                    )
                )
                attempts.append(
                    self.search(
                        "QuestionnaireResponse",
                        [
                            by_patient,
                            (
                                "questionnaire",
                                f"{profiles.QUESTIONNAIRE_CANONICAL},{OLDER_QUESTIONNAIRE_URL}",
                            ),
                        ],
                        "formulier met versie",
                        fallback_if_empty=True,
                    )
                )
            else:
                self.decide(
                    key,
                    "QuestionnaireResponse: zoekparameter 'questionnaire' niet "
                    "ondersteund; gefilterd in PZP Desktop.",
                )
            attempts.append(
                self.search("QuestionnaireResponse", [by_patient], "alle formulieren, gefilterd")
            )
        return PlannedQuery(
            key,
            "Formulieren (methode 2)",
            f"GET QuestionnaireResponse?patient=[id]&questionnaire={profiles.QUESTIONNAIRE_URL}",
            _dedupe(attempts),
            ClientFilter.PZP_QUESTIONNAIRE_RESPONSE,
        )


def plan_patient_queries(
    capabilities: Capabilities,
    patient_id: str,
    *,
    page_size: int | None = DEFAULT_PAGE_SIZE,
) -> QueryPlan:
    """The queries for one patient on a server with ``capabilities``."""
    planner = _Planner(capabilities, patient_id, page_size)
    if not capabilities.known:
        planner.decide(
            "metadata",
            "Geen bruikbaar CapabilityStatement: de volledige zoekvragen worden geprobeerd, "
            "met terugval als de bron ze weigert.",
        )
    queries: list[PlannedQuery] = [*planner.patient(), planner.related_persons()]
    q1a = planner.q1a()
    queries.append(q1a)
    revinclude = (
        capabilities.revinclude("Procedure", "Encounter:reason-reference")
        if q1a.attempts and q1a.attempts[0].has_param("_revinclude")
        else Support.NO
    )
    queries.append(planner.q1b(revinclude))
    queries.append(
        planner.consent(
            "2",
            "treatment",
            (SCT, TREATMENT_DIRECTIVE_CATEGORY),
            "Behandelgrenzen en ICD-afspraak",
        )
    )
    queries.append(planner.consent("3", "adr", (CONSENT_CATEGORY, "acd"), "Wilsverklaringen"))
    queries.append(planner.q4_goal())
    queries.append(planner.q5_observations())
    queries.append(planner.q6_devices())
    queries.append(planner.q7_communication())
    queries.append(planner.questionnaire_responses())

    rp_history = capabilities.interaction("RelatedPerson", "history-instance")
    if rp_history is Support.NO:
        planner.decide(
            "related-persons",
            "De bron ondersteunt geen _history van RelatedPerson: alleen de huidige gegevens "
            "van vertegenwoordiger en contactpersoon zijn zichtbaar.",
        )
    queries = [
        dataclasses.replace(q, tentative=True) if q.key in planner.tentative else q for q in queries
    ]
    return QueryPlan(
        patient_id=patient_id,
        queries=tuple(queries),
        decisions=tuple(planner.decisions),
        related_person_history=rp_history,
        capabilities_known=capabilities.known,
    )

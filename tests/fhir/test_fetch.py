"""Fetching a patient's PZP data through every fallback path (in-memory server)."""

from __future__ import annotations

from typing import Any

import pytest

from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import AmbiguousPatient, NotAuthorised, NotFound, Unreachable
from pzp_desktop.fhir.fetch import FetchResult, fetch_patient_resources, find_patient_by_bsn
from tests.fhir import sample_data
from tests.fhir.fakes import BASE, MiniServer, Tokens, capability_statement

Json = dict[str, Any]


def fetch(server: MiniServer, **kwargs: Any) -> FetchResult:
    client = FhirClient(BASE, transport=server.transport, token_provider=Tokens())
    return fetch_patient_resources(client, "p1", **kwargs)


def keys(result: FetchResult) -> set[str]:
    return {f"{r['resourceType']}/{r['id']}" for r in result.resources}


def server(**kwargs: Any) -> MiniServer:
    return MiniServer(sample_data.resources(), history=sample_data.history(), **kwargs)


def runtime(result: FetchResult, key: str) -> str:
    return " ".join(d.message for d in result.decisions if d.query == key and d.runtime)


# ------------------------------------------------------------------------ the happy path


def test_full_support_fetches_exactly_the_pzp_data() -> None:
    fake = server()
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED
    assert result.problems == []
    # Both Patient versions are there, for the legal-capacity history.
    versions = sorted(
        r["meta"]["versionId"] for r in result.resources if r["resourceType"] == "Patient"
    )
    assert versions == ["1", "2"]
    assert result.patient is not None
    assert result.patient["meta"]["versionId"] == "2"
    # 1b was not needed: 1a's _revinclude found the Encounter without subject.
    assert result.outcomes["1b"].skipped == "niet nodig"
    assert fake.searches("Encounter") == []


def test_the_same_base_absolute_reference_is_made_relative() -> None:
    result = fetch(server())
    observation = next(r for r in result.resources if r["id"] == "o1")
    assert observation["performer"] == [{"reference": "PractitionerRole/prr1"}]


def test_a_reference_to_another_server_is_never_fetched() -> None:
    fake = server()
    result = fetch(fake)
    assert [u.reference for u in result.unresolved] == [
        "https://other.example.com/fhir/RelatedPerson/x9"
    ]
    assert all(r.url.host == "fhir.example.org" for r in fake.requests)


def test_searches_run_once_each_and_in_few_rounds() -> None:
    fake = server()
    result = fetch(fake)
    # metadata + 11 phase-1 requests + RelatedPerson history; no follow-up reads needed.
    assert result.requests == len(fake.requests) == 13


# ------------------------------------------------------------------------ reduced servers


def test_a_server_with_nothing_but_plain_searches_gives_the_same_data() -> None:
    statement = capability_statement(
        drop_includes=True,
        drop_revincludes=True,
        drop_params=[
            ("Goal", "description"),
            ("Communication", "reason-code"),
            ("Consent", "scope"),
            ("Consent", "category"),
            ("Observation", "code"),
            ("Procedure", "code"),
            ("Encounter", "reason-reference"),
            ("DeviceUseStatement", "device"),
            ("QuestionnaireResponse", "questionnaire"),
        ],
    )
    fake = server(capabilities=statement)
    result = fetch(fake)
    # All but the Encounter without subject that its Procedure does not point to: without
    # _revinclude and reason-reference nothing can find it (spec §7 items 1-2); the plan
    # says so.
    assert keys(result) == sample_data.EXPECTED - {"Encounter/enc2"}
    assert any("geen subject" in d.message for d in result.decisions if d.query == "1b")
    assert result.problems == []
    # Encounters came from the plain search, filtered on the ACP Procedures.
    assert fake.searches("Encounter") == [[("patient", "p1"), ("_count", "200")]]
    # Practitioner, devices and the Encounter behind proc1 were read one by one.
    read_paths = {r.url.path for r in fake.requests if r.url.path.count("/") == 3}
    assert {"/fhir/Practitioner/pr1", "/fhir/Device/dev1"} <= read_paths


def test_without_revinclude_encounters_are_found_by_the_procedures() -> None:
    fake = server(capabilities=capability_statement(drop_revincludes=True))
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED
    (search,) = fake.searches("Encounter")
    assert dict(search)["reason-reference"] == "Procedure/proc1,Procedure/proc2"


def test_runtime_rejections_fall_back_to_the_next_attempt() -> None:
    # No CapabilityStatement at all, and a server that rejects what it does not support.
    fake = server(
        reject={
            "_revinclude",
            "description",
            "description:in",
            "reason-code",
            "device.type:in",
        },
        fail={"metadata": 404},
    )
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED
    assert "CapabilityStatement niet bruikbaar" in runtime(result, "metadata")
    assert "weigerde 'codelijst' (HTTP 400)" in runtime(result, "4")
    assert "weigerde 'waardelijst (:in)'" in runtime(result, "4")
    assert "weigerde 'op reden (reason-code)'" in runtime(result, "7")
    assert "weigerde 'met _include/_revinclude'" in runtime(result, "1a")
    assert result.outcomes["1b"].attempt is not None
    assert result.outcomes["1b"].attempt.label == "op de Procedures van 1a"


def test_runtime_rejection_of_every_encounter_search_but_the_plainest() -> None:
    fake = server(
        reject={"_revinclude", "reason-reference", "reason-reference:Procedure.code"},
        fail={"metadata": 404},
    )
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED - {"Encounter/enc2"}
    assert "weigerde 'op de Procedures van 1a'" in runtime(result, "1b")
    assert "weigerde 'geketende zoekvraag'" in runtime(result, "1b")
    assert result.outcomes["1b"].attempt is not None
    assert result.outcomes["1b"].attempt.label == "alle contacten, gefilterd"


def test_an_empty_value_set_answer_is_checked_with_the_plain_query() -> None:
    fake = server(empty_for={"device.type:in", "questionnaire"})
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED
    assert "Geen resultaat met 'geketend met waardelijst (:in)'" in runtime(result, "6")
    assert "Geen resultaat met 'formulier zonder versie'" in runtime(result, "qr")
    assert "Geen resultaat met 'formulier met versie'" in runtime(result, "qr")
    assert result.outcomes["qr"].attempt is not None
    assert result.outcomes["qr"].attempt.label == "alle formulieren, gefilterd"


def test_small_pages_are_followed_to_the_end() -> None:
    from pzp_desktop.fhir.planner import plan_patient_queries

    fake = server()
    client = FhirClient(BASE, transport=fake.transport)
    plan = plan_patient_queries(client.capabilities(), "p1", page_size=1)
    result = fetch_patient_resources(client, "p1", plan)
    assert keys(result) == sample_data.EXPECTED
    assert any("_getpages" in str(r.url) for r in fake.requests)


# ------------------------------------------------------------------------ failures


def test_a_failing_query_is_a_problem_not_a_failure() -> None:
    fake = server(fail={"Goal": 500})
    result = fetch(fake)
    assert "Goal/g1" not in keys(result)
    assert "Consent/c1" in keys(result)
    assert [p.query for p in result.problems] == ["4"]
    assert "Behandeldoel" in result.problems[0].message
    assert "HTTP 500" in result.problems[0].message


def test_patient_not_found_fails_the_source() -> None:
    fake = MiniServer([])
    with pytest.raises(NotFound):
        fetch(fake)


def test_not_authorised_on_any_query_fails_the_source() -> None:
    with pytest.raises(NotAuthorised):
        fetch(server(fail={"Observation": 401}))


def test_unreachable() -> None:
    import httpx

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = FhirClient(BASE, transport=httpx.MockTransport(refuse))
    with pytest.raises(Unreachable):
        fetch_patient_resources(client, "p1")


def test_a_reference_that_cannot_be_read_is_reported() -> None:
    data = sample_data.resources()
    data = [r for r in data if r["id"] != "pr1"]  # the Practitioner is gone
    fake = MiniServer(data, capabilities=capability_statement(drop_includes=True))
    result = fetch(fake)
    assert ("Practitioner/pr1", "verwijzing niet gevonden in de bron") in {
        (u.reference, u.reason) for u in result.unresolved
    }


# ------------------------------------------------------------------------ BSN


def test_find_patient_by_bsn() -> None:
    fake = server()
    client = FhirClient(BASE, transport=fake.transport)
    assert find_patient_by_bsn(client, sample_data.BSN) == "p1"
    (search,) = fake.searches("Patient")
    assert search == [("identifier", f"http://fhir.nl/fhir/NamingSystem/bsn|{sample_data.BSN}")]


def test_find_patient_by_bsn_not_found() -> None:
    client = FhirClient(BASE, transport=server().transport)
    with pytest.raises(NotFound) as caught:
        find_patient_by_bsn(client, "111222333")
    assert "111222333" not in caught.value.user_message


def test_a_server_ignoring_the_identifier_never_yields_another_patient() -> None:
    from tests.fhir.fakes import Scripted, bundle, fhir_response

    others = [
        {"resourceType": "Patient", "id": "x", "identifier": [{"system": "urn:x", "value": "1"}]}
    ]
    script = Scripted(fhir_response(200, bundle(others)))
    client = FhirClient(BASE, transport=script.transport)
    with pytest.raises(NotFound):
        find_patient_by_bsn(client, sample_data.BSN)


def test_two_patients_with_one_bsn_is_ambiguous() -> None:
    twin = dict(sample_data.PATIENT_V2, id="p1-twin")
    fake = MiniServer([*sample_data.resources(), twin])
    client = FhirClient(BASE, transport=fake.transport)
    with pytest.raises(AmbiguousPatient):
        find_patient_by_bsn(client, sample_data.BSN)


# ------------------------------------------------------------------------ round trips


class RoundCounter:
    """Numbers each request by the round trip it belongs to: 1 + the highest round among
    the requests answered before it was sent. Responses are slowed down so that requests
    sent together are all sent before any of them is answered."""

    def __init__(self, server: MiniServer, delay: float = 0.1) -> None:
        import threading

        self.server = server
        self.delay = delay
        self.lock = threading.Lock()
        self.answered: list[int] = []
        self.rounds: list[tuple[int, str]] = []

    def __call__(self, request: Any) -> Any:
        import time

        with self.lock:
            round_trip = 1 + max(self.answered, default=0)
            self.rounds.append((round_trip, request.url.path))
        time.sleep(self.delay)
        response = self.server.handle(request)
        with self.lock:
            self.answered.append(round_trip)
        return response


PHASE_1_PATHS = [
    "/fhir/Communication",
    "/fhir/Consent",
    "/fhir/Consent",
    "/fhir/DeviceUseStatement",
    "/fhir/Goal",
    "/fhir/Observation",
    "/fhir/Patient/p1",
    "/fhir/Patient/p1/_history",
    "/fhir/Procedure",
    "/fhir/QuestionnaireResponse",
    "/fhir/RelatedPerson",
]


def count_rounds(server: MiniServer) -> tuple[RoundCounter, FhirClient]:
    import httpx

    counter = RoundCounter(server)
    return counter, FhirClient(BASE, transport=httpx.MockTransport(counter))


def test_a_patient_takes_two_round_trips() -> None:
    counter, client = count_rounds(server())
    result = fetch_patient_resources(client, "p1")
    assert keys(result) == sample_data.EXPECTED
    # Round 1: the CapabilityStatement and every query that needs only the patient id.
    first = sorted(path for r, path in counter.rounds if r == 1)
    assert first == sorted(["/fhir/metadata", *PHASE_1_PATHS])
    # Round 2: the history of the RelatedPerson (it has no versionId: it may have versions).
    assert [path for r, path in counter.rounds if r == 2] == ["/fhir/RelatedPerson/rp1/_history"]
    assert max(r for r, _ in counter.rounds) == 2
    # With the CapabilityStatement known, the next patient takes two round trips too.
    counter.answered.clear()
    counter.rounds.clear()
    fetch_patient_resources(client, "p1")
    assert sorted(path for r, path in counter.rounds if r == 1) == PHASE_1_PATHS
    assert max(r for r, _ in counter.rounds) == 2


def test_no_history_request_for_a_related_person_at_its_first_version() -> None:
    data = sample_data.resources()
    person = next(r for r in data if r["id"] == "rp1")
    person["meta"] = {"versionId": "1"}
    counter, client = count_rounds(MiniServer(data, history=sample_data.history()))
    result = fetch_patient_resources(client, "p1")
    assert keys(result) == sample_data.EXPECTED
    assert sorted(path for _, path in counter.rounds) == sorted(["/fhir/metadata", *PHASE_1_PATHS])
    assert max(r for r, _ in counter.rounds) == 1
    assert result.outcomes["related-persons"].matches == 1


def test_a_related_person_with_versions_still_gets_its_history() -> None:
    data = sample_data.resources()
    person = next(r for r in data if r["id"] == "rp1")
    person["meta"] = {"versionId": "2"}
    older = {**person, "meta": {"versionId": "1"}, "relationship": []}
    history = {**sample_data.history(), "RelatedPerson/rp1": [person, older]}
    fake = MiniServer(data, history=history)
    result = fetch(fake)
    versions = sorted(
        r["meta"]["versionId"] for r in result.resources if r["resourceType"] == "RelatedPerson"
    )
    assert versions == ["1", "2"]
    assert "history:RelatedPerson/rp1" in result.outcomes


def test_first_guesses_the_plan_differs_from_are_sent_again() -> None:
    # The CapabilityStatement (read at the same time as the first queries) says Goal has no
    # 'description' and Procedure no _revinclude: those first answers are not used; the
    # real plan's queries are sent in round 2, the others are not repeated.
    statement = capability_statement(drop_params=[("Goal", "description")], drop_revincludes=True)
    counter, client = count_rounds(server(capabilities=statement))
    result = fetch_patient_resources(client, "p1")
    assert keys(result) == sample_data.EXPECTED
    goal_searches = [r for r, path in counter.rounds if path == "/fhir/Goal"]
    procedure_searches = [r for r, path in counter.rounds if path == "/fhir/Procedure"]
    assert goal_searches == [1, 2]
    assert procedure_searches == [1, 2]
    assert [r for r, path in counter.rounds if path == "/fhir/Observation"] == [1]
    assert [r for r, path in counter.rounds if path == "/fhir/Encounter"] == [3]
    goal = result.outcomes["4"]
    assert goal.attempt is not None
    assert goal.attempt.label == "alle doelen, gefilterd"
    procedures = result.outcomes["1a"]
    assert procedures.attempt is not None
    assert not procedures.attempt.has_param("_revinclude")


def test_a_first_guess_the_server_rejects_does_not_fall_back_on_its_own() -> None:
    # The server rejects 'description' and says so: the guessed Goal query stops at the
    # rejection (its fallbacks belong to a plan that is no longer used), and only the real
    # plan's query follows; the decisions say nothing of the abandoned guess.
    statement = capability_statement(drop_params=[("Goal", "description")])
    fake = server(capabilities=statement, reject={"description", "description:in"})
    result = fetch(fake)
    assert keys(result) == sample_data.EXPECTED
    goal_searches = fake.searches("Goal")
    assert len(goal_searches) == 2
    assert ("description", "http://snomed.info/sct|385987000") in [
        (n, v.split(",")[0]) for n, v in goal_searches[0]
    ]
    assert goal_searches[1] == [("patient", "p1"), ("_count", "200")]
    assert runtime(result, "4") == ""
    assert result.problems == []


def test_a_failing_capability_statement_stops_the_guessed_queries_from_falling_back() -> None:
    fake = server(fail={"metadata": 401}, reject={"description", "description:in"})
    with pytest.raises(NotAuthorised):
        fetch(fake)
    # Only the first attempt of each guessed query went out; no fallbacks after the 401.
    assert len(fake.searches("Goal")) == 1

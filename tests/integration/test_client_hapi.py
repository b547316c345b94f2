"""The FHIR client, planner and CLI against the real HAPI FHIR test server.

Every test loads its own example patient (unique ids, see ``tests/fhir/example_patients``),
so tests share one server without seeing each other's data.

Two sources are simulated with one server: the same server under a second base URL
(``localhost`` for ``127.0.0.1`` or vice versa, a different origin for the client, so tokens
and paging links are checked per base), each "source" holding a different Patient. The
second patient holds copies of the first patient's records (same business identifiers)
plus one conversation more, as if exchanged between two systems.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from pzp_desktop import cli
from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, SCT, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, Professional
from pzp_desktop.domain.reading import read_source
from pzp_desktop.domain.writing.context import ItemChange, NewConversation
from pzp_desktop.domain.writing.transaction import build_transaction
from pzp_desktop.fhir.audit import (
    AuditAction,
    AuditActor,
    AuditRecorded,
    build_audit_event,
    record_audit_event,
)
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import Conflict, NotFound, WriteRefused
from pzp_desktop.fhir.fetch import fetch_patient_resources, find_patient_by_bsn
from pzp_desktop.fhir.planner import plan_patient_queries
from tests.fhir.example_patients import ExamplePatient, example_patient

pytestmark = pytest.mark.integration

Json = dict[str, Any]


@pytest.fixture
def base(request: pytest.FixtureRequest) -> str:
    # The server fixture (tests/fhir_server_fixture.py) is being built alongside; until it
    # exists these tests skip instead of erroring.
    try:
        fhir_server = request.getfixturevalue("fhir_server")
    except pytest.FixtureLookupError:
        pytest.skip("fixture 'fhir_server' (HAPI FHIR test server) is not available")
    return str(fhir_server.base_url).rstrip("/")


@pytest.fixture
def client(base: str) -> Iterator[FhirClient]:
    with FhirClient(base) as fhir:
        yield fhir


def other_base(base: str) -> str:
    """The same server under another origin: a second "source"."""
    if "127.0.0.1" in base:
        return base.replace("127.0.0.1", "localhost")
    return base.replace("localhost", "127.0.0.1")


def load(client: FhirClient, example: ExamplePatient) -> ExamplePatient:
    client.transaction(example.transaction())
    # A second version of the Patient: legal capacity changed (history, spec §3 item 1).
    client.update(example.patient_version(capable=False, comment="dementie"), if_match="1")
    return example


def overview(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Json, str]:
    code = cli.main(["overview", *argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


def items_by_section(document: Json) -> dict[str, Json]:
    return {item["section"]: item for item in document["items"]}


# --------------------------------------------------------------------------- one source


def test_overview_of_one_source_via_the_cli(
    client: FhirClient, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load(client, example_patient(conversations=3))
    code, document, err = overview(capsys, "--source", base, "--bsn", example.bsn)
    assert code == 0, err
    items = items_by_section(document)

    resuscitation = items["4a"]
    assert resuscitation["code"] == f"{BEHANDEL_BESLUIT}|{example.latest_resuscitation}"
    assert resuscitation["recorded"] == example.conversation_date(2)
    assert resuscitation["older_differs"] is True
    assert resuscitation["conversation"] == f"Encounter/{example.prefix}-enc2"
    assert resuscitation["professional"] == "Hanna Huisarts"

    assert items["1"]["code"] == "0"  # the newest Patient version
    assert items["1"]["older_differs"] is True
    assert items["5b"]["older_differs"] is False  # "Thuis" every time
    assert items["5d"]["code"] == f"{SCT}|373066001"  # the code the IG's query 5 misses
    assert items["4h"]["code"] == f"{SCT}|373066001"  # the ICD; the pacemaker is not one
    assert items["3"]["code"] == f"{SCT}|385987000"
    assert items["8a"]["code"] == "1"
    assert items["8b"]["code"] == f"{SCT}|441898007"  # QR only (method 2)
    assert items["7"]["value"].startswith("Niet-reanimerenverklaring")

    # Every conversation, including the one whose Encounter has no subject and whose
    # Procedure does not point at it (found through _revinclude).
    references = {c["reference"] for c in document["conversations"]}
    assert {f"Encounter/{example.prefix}-enc{i}" for i in range(3)} <= references
    assert document["sources"][0]["status"] == "ok"
    assert document["problems"] == []


def test_unknown_patient_exit_5(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, document, err = overview(capsys, "--source", base, "--bsn", "111222333")
    assert code == 5
    assert document == {}
    assert "niet bekend" in err
    code, _, _ = overview(capsys, "--source", base, "--patient", "does-not-exist")
    assert code == 5


def test_unreachable_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = overview(capsys, "--source", "http://127.0.0.1:9/fhir", "--patient", "x")
    assert code == 3
    assert "Traceback" not in err


# --------------------------------------------------------------------------- two sources


def test_two_sources_are_consolidated_and_copies_count_once(
    client: FhirClient, base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = load(client, example_patient(conversations=2))
    # The second system has copies of the same records plus one later conversation.
    second = load(client, example_patient(conversations=3, identifier_seed=first.prefix))
    second_base = other_base(base)
    code, document, err = overview(
        capsys,
        "--source",
        base,
        "--source",
        second_base,
        "--patient",
        first.patient_id,
        "--patient",
        second.patient_id,
    )
    assert code == 0, err
    assert [s["status"] for s in document["sources"]] == ["ok", "ok"]
    items = items_by_section(document)
    resuscitation = items["4a"]
    assert resuscitation["source"] == second_base  # only the second source has conversation 3
    assert resuscitation["recorded"] == second.conversation_date(2)
    assert resuscitation["code"] == f"{BEHANDEL_BESLUIT}|{second.latest_resuscitation}"
    assert document["duplicates_removed"] > 0
    # The shared conversations appear once, from the launching (first) source.
    shared = [c for c in document["conversations"] if c["date"] == first.conversation_date(0)]
    assert {c["source"] for c in shared if c["reference"].startswith("Encounter/")} == {base}


# --------------------------------------------------------------------------- paging, fallbacks


def _signature(client: FhirClient, patient_id: str, **plan_options: Any) -> set[tuple[str, ...]]:
    plan = plan_patient_queries(client.capabilities(), patient_id, **plan_options)
    fetched = fetch_patient_resources(client, patient_id, plan)
    record = read_source("s", fetched.resources, fetched.patient_reference)
    return {(str(i.key), str(i.signature), str(i.recorded)) for i in record.items}


def test_small_pages_give_the_same_data(client: FhirClient) -> None:
    example = load(client, example_patient(conversations=4))
    full = _signature(client, example.patient_id)
    before = client.request_count
    paged = _signature(client, example.patient_id, page_size=2)
    assert paged == full
    assert client.request_count - before > 14  # paging took extra requests


REDUCED: dict[str, dict[str, Any]] = {
    "no includes": {"drop_includes": True, "drop_revincludes": True},
    "no custom parameters": {
        "drop_params": [("Goal", "description"), ("Communication", "reason-code")]
    },
    "plain searches only": {
        "drop_includes": True,
        "drop_revincludes": True,
        "drop_params": [
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
    },
    "no history": {"no_history": True},
}


@pytest.mark.parametrize("variant", sorted(REDUCED))
def test_every_fallback_path_reads_the_same_overview(client: FhirClient, variant: str) -> None:
    from pzp_desktop.fhir.capabilities import Capabilities
    from tests.fhir.fakes import capability_statement

    example = load(client, example_patient(conversations=3))
    full = _signature(client, example.patient_id)
    reduced_caps = Capabilities.from_json(capability_statement(**REDUCED[variant]))
    plan = plan_patient_queries(reduced_caps, example.patient_id)
    fetched = fetch_patient_resources(client, example.patient_id, plan)
    assert fetched.problems == []
    record = read_source("s", fetched.resources, fetched.patient_reference)
    reduced = {(str(i.key), str(i.signature), str(i.recorded)) for i in record.items}
    if variant == "no history":
        # Without _history only the current legal capacity is known.
        full = {s for s in full if not s[0].startswith("legal_capacity")}
        reduced = {s for s in reduced if not s[0].startswith("legal_capacity")}
    assert reduced == full
    # No pacemaker, no other patient's data, whatever the server filtered.
    keys = {f"{r['resourceType']}/{r['id']}" for r in fetched.resources}
    assert f"DeviceUseStatement/{example.prefix}-dus-pm" not in keys
    assert all(k.split("/")[1].startswith(example.prefix) for k in keys)


def test_runtime_rejection_by_the_real_server_falls_back(client: FhirClient) -> None:
    """HAPI answers an unknown parameter with 400 + OperationOutcome: next attempt."""
    import dataclasses

    from pzp_desktop.fhir.planner import Attempt

    example = load(client, example_patient(conversations=1))
    plan = plan_patient_queries(client.capabilities(), example.patient_id)
    goal = plan.query("4")
    assert goal is not None
    bogus = Attempt("Goal", (("patient", example.patient_id), ("no-such-param", "x")), "kapot")
    patched = dataclasses.replace(goal, attempts=(bogus, *goal.attempts))
    plan = dataclasses.replace(
        plan, queries=tuple(patched if q.key == "4" else q for q in plan.queries)
    )
    fetched = fetch_patient_resources(client, example.patient_id, plan)
    assert any(
        d.query == "4" and "weigerde 'kapot' (HTTP 400)" in d.message for d in fetched.decisions
    )
    assert f"Goal/{example.prefix}-goal" in {
        f"{r['resourceType']}/{r['id']}" for r in fetched.resources
    }


class RoundRecorder(httpx.BaseTransport):
    """A real HTTP transport that numbers each request by its round trip: 1 + the highest
    round among the requests answered before it was sent. Every request is held back a
    little first, so that requests sent together are all sent before any is answered."""

    def __init__(self, delay: float = 0.15) -> None:
        self.inner = httpx.HTTPTransport()
        self.delay = delay
        self.lock = threading.Lock()
        self.answered: list[int] = []
        self.rounds: list[tuple[int, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        with self.lock:
            round_trip = 1 + max(self.answered, default=0)
            self.rounds.append((round_trip, path + "?" + request.url.query.decode()))
        time.sleep(self.delay)
        response = self.inner.handle_request(request)
        response.read()
        with self.lock:
            self.answered.append(round_trip)
        return response

    def close(self) -> None:
        self.inner.close()

    def paths(self) -> list[str]:
        return [url.split("?", 1)[0] for _, url in self.rounds]


def test_a_first_open_sends_every_query_with_the_capability_statement(
    client: FhirClient, base: str
) -> None:
    """HAPI supports every feature the guessed plan uses: one round trip, nothing twice."""
    example = load(client, example_patient(conversations=2))
    expected = _signature(client, example.patient_id)
    recorder = RoundRecorder()
    with FhirClient(base, transport=recorder) as fresh:
        fetched = fetch_patient_resources(fresh, example.patient_id)
    record = read_source("s", fetched.resources, fetched.patient_reference)
    assert {(str(i.key), str(i.signature), str(i.recorded)) for i in record.items} == expected
    assert [d for d in fetched.decisions if d.runtime] == []
    assert fetched.problems == []
    urls = [url for _, url in recorder.rounds]
    assert len(urls) == len(set(urls))  # no query sent twice
    assert "/fhir/metadata" in recorder.paths()
    # The RelatedPerson is at version 1: no _history request for it.
    assert not any(p.startswith("/fhir/RelatedPerson/") for p in recorder.paths())
    assert {r for r, _ in recorder.rounds} == {1}
    assert fetched.requests == len(urls) == 12


def test_a_related_person_with_an_older_version_costs_one_more_round(
    client: FhirClient, base: str
) -> None:
    example = load(client, example_patient(conversations=1))
    person = next(r for r in example.resources if r["resourceType"] == "RelatedPerson")
    client.update({**person, "active": True}, if_match="1")
    recorder = RoundRecorder()
    with FhirClient(base, transport=recorder) as fresh:
        fetched = fetch_patient_resources(fresh, example.patient_id)
    versions = sorted(
        r["meta"]["versionId"] for r in fetched.resources if r["resourceType"] == "RelatedPerson"
    )
    assert versions == ["1", "2"]
    history = f"/fhir/RelatedPerson/{person['id']}/_history"
    assert [r for r, url in recorder.rounds if url.split("?")[0] == history] == [2]
    assert max(r for r, _ in recorder.rounds) == 2


def test_find_patient_by_bsn(client: FhirClient) -> None:
    example = load(client, example_patient(conversations=1))
    assert find_patient_by_bsn(client, example.bsn) == example.patient_id
    with pytest.raises(NotFound):
        find_patient_by_bsn(client, "111222333")


# --------------------------------------------------------------------------- writes


def _push(client: FhirClient, example: ExamplePatient, conversation_id: str) -> Json:
    conversation = NewConversation(
        identifier=conversation_id,
        date=ClinicalDate.parse("2024-06-01T10:00:00+02:00"),
        professional=Professional(
            name="Hanna Huisarts", reference=f"PractitionerRole/{example.prefix}-role"
        ),
    )
    change = ItemChange(
        ItemKey(ItemId.VENTILATION), (Answer("1387", Coding(BEHANDEL_BESLUIT, "2")),)
    )
    bundle = build_transaction(
        example.patient_reference, conversation, [change], now=datetime(2024, 6, 1, tzinfo=UTC)
    )
    return client.transaction(bundle)


def test_pushing_twice_creates_nothing_twice(client: FhirClient, base: str) -> None:
    example = load(client, example_patient(conversations=1))
    conversation_id = str(uuid.uuid4())  # fresh: the server outlives one test
    first = _push(client, example, conversation_id)
    second = _push(client, example, conversation_id)
    locations = [e["response"]["location"].split("/_history")[0] for e in first["entry"]]
    again = [e["response"]["location"].split("/_history")[0] for e in second["entry"]]
    assert locations == again
    fetched = fetch_patient_resources(client, example.patient_id)
    record = read_source(base, fetched.resources, fetched.patient_reference)
    ventilation = [i for i in record.items if i.key.item is ItemId.VENTILATION]
    assert {i.origin.reference.split("/")[0] for i in ventilation} <= {
        "Consent",
        "QuestionnaireResponse",
    }
    assert len([i for i in ventilation if i.origin.reference.startswith("Consent/")]) == 1
    assert len(client.search("Encounter", {"patient": example.patient_id})) == 2  # 1 + pushed


def test_conditional_create(client: FhirClient) -> None:
    example = load(client, example_patient(conversations=1))
    goal: Json = {
        "resourceType": "Goal",
        "lifecycleStatus": "active",
        "description": {"coding": [{"system": SCT, "code": "1351964001"}]},
        "subject": {"reference": example.patient_reference},
        "identifier": [{"system": "urn:pzp-desktop:test", "value": example.prefix}],
    }
    condition = [("identifier", f"urn:pzp-desktop:test|{example.prefix}")]
    first = client.create(goal, if_none_exist=condition)
    second = client.create(goal, if_none_exist=condition)
    assert first["id"] == second["id"]
    assert len(client.search("Goal", condition)) == 1


def test_stale_if_match_is_a_conflict(client: FhirClient) -> None:
    example = load(client, example_patient(conversations=1))
    current = client.read("Patient", example.patient_id)
    version = current["meta"]["versionId"]
    changed = dict(current, birthDate="1940-02-04")  # HAPI skips no-op updates
    updated = client.update(changed, if_match=version)
    assert updated["meta"]["versionId"] != version
    with pytest.raises(Conflict) as caught:
        client.update(dict(current, birthDate="1940-02-05"), if_match=version)
    assert caught.value.status in (409, 412)
    assert "gewijzigd" in caught.value.user_message


def test_view_only_client_sends_no_writes(base: str) -> None:
    with FhirClient(base, read_only=True) as view_only:
        with pytest.raises(WriteRefused):
            view_only.transaction({"resourceType": "Bundle", "type": "transaction", "entry": []})
        assert view_only.request_count == 0
        assert view_only.capabilities().known  # reading still works


def test_audit_event_is_recorded_at_the_source(client: FhirClient) -> None:
    example = load(client, example_patient(conversations=1))
    event = build_audit_event(
        actor=AuditActor(user_id="u-1", user_name="Hanna Huisarts", workstation="ws-1"),
        action=AuditAction.OPEN_PATIENT,
        patient_reference=example.patient_reference,
        source="test",
    )
    assert record_audit_event(client, event) is AuditRecorded.SENT
    found = client.search("AuditEvent", {"patient": example.patient_id})
    assert len(found) == 1


# --------------------------------------------------------------------------- probe


def test_probe_reports_hapi(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["probe", base, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["server"].startswith("HAPI FHIR")
    statuses = {q["query"]: q["status"] for q in document["queries"]}
    assert statuses["1a"] == "ondersteund"
    assert statuses["1b"] == "niet nodig"
    assert statuses["4"] == "ondersteund"  # the IG's SearchParameters are loaded
    assert statuses["7"] == "ondersteund"

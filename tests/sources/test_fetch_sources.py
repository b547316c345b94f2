"""Several sources in parallel, each with its own status; and combining them."""

from __future__ import annotations

import copy
import threading
from typing import Any

import httpx

from pzp_desktop.domain.items import ItemId
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.sources.fetch import PatientQuery, Source, SourceResult, fetch_sources
from pzp_desktop.sources.patient_data import combine
from pzp_desktop.sources.status import SourceStatus
from tests.fhir import sample_data
from tests.fhir.fakes import MiniServer, fhir_response, outcome

Json = dict[str, Any]
BASE_A = "https://a.example.org/fhir"
BASE_B = "https://b.example.org/fhir"


def mini(base: str, resources: list[Json] | None = None, **kwargs: Any) -> MiniServer:
    return MiniServer(
        sample_data.resources() if resources is None else resources,
        base=base,
        history=sample_data.history(),
        **kwargs,
    )


def pair(source: Source, transport: httpx.BaseTransport) -> tuple[Source, FhirClient]:
    return source, FhirClient(source.base_url, transport=transport)


def test_one_blocked_source_does_not_hold_up_another() -> None:
    a_done = threading.Event()
    fast = mini(BASE_A)

    def slow(request: httpx.Request) -> httpx.Response:
        # Only answers once source A has reported: sequential fetching would dead-lock
        # here (and time out into UNREACHABLE instead of OK).
        if not a_done.wait(timeout=10):
            raise httpx.ConnectError("A never finished")
        return fast.handle(request)

    finished: list[str] = []

    def on_finished(result: SourceResult) -> None:
        finished.append(result.source.name)
        if result.source.name == "A":
            a_done.set()

    sources = [
        pair(Source("B", BASE_A), httpx.MockTransport(slow)),
        pair(Source("A", BASE_A, primary=True), fast.transport),
    ]
    results = fetch_sources(
        sources, PatientQuery(patient_ids={"A": "p1", "B": "p1"}), on_finished=on_finished
    )
    assert [r.source.name for r in results] == ["B", "A"]  # the order given
    assert finished == ["A", "B"]  # the order finished
    assert all(r.status is SourceStatus.OK for r in results)
    assert all(r.seconds > 0 for r in results)


def test_each_source_gets_its_own_status() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    def forbid(request: httpx.Request) -> httpx.Response:
        return fhir_response(401, outcome("login"))

    empty = MiniServer([], base="https://c.example.org/fhir")
    sources = [
        pair(Source("ok", BASE_A, primary=True), mini(BASE_A).transport),
        pair(Source("down", BASE_B), httpx.MockTransport(refuse)),
        pair(Source("denied", "https://d.example.org/fhir"), httpx.MockTransport(forbid)),
        pair(Source("unknown", "https://c.example.org/fhir"), empty.transport),
    ]
    results = fetch_sources(sources, PatientQuery(bsn=sample_data.BSN))
    assert [r.status for r in results] == [
        SourceStatus.OK,
        SourceStatus.UNREACHABLE,
        SourceStatus.NOT_AUTHORISED,
        SourceStatus.NOT_FOUND,
    ]
    assert results[0].patient_id == "p1"
    assert results[1].message.startswith("De bron is niet bereikbaar")
    assert sample_data.BSN not in " ".join(r.message for r in results)
    # Combining works with whatever came in.
    data = combine(results)
    assert data.source_order == ["ok", "down", "denied", "unknown"]
    assert data.overview.get(ItemId.RESUSCITATION) is not None


def test_no_patient_for_a_source() -> None:
    sources = [pair(Source("A", BASE_A), mini(BASE_A).transport)]
    (result,) = fetch_sources(sources, PatientQuery())
    assert result.status is SourceStatus.ERROR
    assert result.message == "Voor deze bron is geen patiënt opgegeven."


def test_a_failing_callback_does_not_break_the_fetch() -> None:
    def boom(result: SourceResult) -> None:
        raise RuntimeError("gui gone")

    sources = [pair(Source("A", BASE_A), mini(BASE_A).transport)]
    (result,) = fetch_sources(sources, PatientQuery(patient_ids={"A": "p1"}), on_finished=boom)
    assert result.ok


# ------------------------------------------------------------------------ de-duplication

IDENT = "https://acme.com/fhir/NamingSystem/resource-business-identifier"


def _with_identifiers(resources: list[Json], suffix: str) -> list[Json]:
    """A copy with business identifiers on the records and ids renamed by ``suffix``."""
    out = copy.deepcopy(resources)
    renamed = {}
    for resource in out:
        if resource["resourceType"] in ("Consent", "Encounter", "Procedure", "Observation"):
            resource.setdefault(
                "identifier", [{"system": IDENT, "value": f"uuid-{resource['id']}"}]
            )
            old = f"{resource['resourceType']}/{resource['id']}"
            resource["id"] += suffix
            renamed[old] = f"{resource['resourceType']}/{resource['id']}"

    def fix(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str) and node["reference"] in renamed:
                node["reference"] = renamed[node["reference"]]
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(out)
    return out


def test_copies_of_records_in_two_sources_count_once() -> None:
    original = _with_identifiers(sample_data.resources(), "")
    copied = _with_identifiers(sample_data.resources(), "-b")
    # Source B also has a record of its own, linked to its copy of the conversation.
    copied.append(
        {
            "resourceType": "Observation",
            "id": "o-new-b",
            "status": "final",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "247751003"}]},
            "valueString": "Tuinieren",
            "subject": {"reference": "Patient/p1"},
            "encounter": {"reference": "Encounter/enc1-b"},
            "effectiveDateTime": "2024-03-01",
            "identifier": [{"system": IDENT, "value": "uuid-o-new"}],
        }
    )
    sources = [
        pair(Source("B", BASE_B), mini(BASE_B, copied).transport),
        pair(Source("A", BASE_A, primary=True), mini(BASE_A, original).transport),
    ]
    results = fetch_sources(sources, PatientQuery(patient_ids={"A": "p1", "B": "p1"}))
    data = combine(results)
    assert data.source_order == ["A", "B"]
    resuscitation = [i for i in data.items if i.key.item is ItemId.RESUSCITATION]
    assert [i.source for i in resuscitation] == ["A"]
    assert data.duplicates_removed >= 3  # enc1 + enc2 conversations, c1, o1
    conversation_sources = sorted(
        c.ref.reference for c in data.conversations if c.ref.source == "B"
    )
    assert "Encounter/enc1-b" not in conversation_sources
    # B's own record now belongs to A's copy of the conversation.
    (other,) = [i for i in data.items if i.key.item is ItemId.OTHER_IMPORTANT]
    assert other.source == "B"
    assert other.conversation is not None
    assert (other.conversation.source, other.conversation.reference) == ("A", "Encounter/enc1")
    current = data.overview.get(ItemId.RESUSCITATION)
    assert current is not None
    assert current.current.source == "A"
    assert data.patient is not None
    assert data.patient.reference == "Patient/p1"

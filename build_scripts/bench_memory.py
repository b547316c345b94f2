"""Benchmark: resident memory of PZP Desktop with one 1,000-conversation patient (not a test).

What is measured is what the application holds for one open patient, in a process of its
own that does nothing else:

1. **The data** (in this process, not measured): one fictitious patient with ``--conversations``
   (default 1,000) conversations of 30 items each — every item of the form that can be
   recorded in a conversation (20) plus ten "other treatment limits" — written by the
   application's own writers (:func:`pzp_desktop.domain.writing.transaction.build_transaction`),
   so every conversation is an Encounter, a Procedure, its method-1 records, a
   QuestionnaireResponse and a Provenance; the Patient (legal capacity) and the two
   RelatedPersons are updated in place every time (1,000 versions, read through
   ``_history``). Values change from conversation to conversation. The resources are held by
   an :class:`~pzp_desktop.fhir.memory_server.InMemoryFhirServer`, served over loopback HTTP
   with paging (``_count``, as a real server pages) by this process.
2. **The measurement** (a fresh ``python`` subprocess, so that nothing else counts): import
   the application, fetch the patient through :class:`~pzp_desktop.fhir.client.FhirClient`
   (the planner, paging, filters and reference resolution of production; resources held
   packed as they arrive) and read it as soon as it is fetched, as
   :func:`pzp_desktop.sources.session.load_patient` does
   (:class:`~pzp_desktop.sources.patient_data.SourceReader`), then deduplicate +
   consolidate + history, and — unless ``--no-gui`` — fill the viewer's overview model and
   history widget offscreen. It reports the current RSS (``VmRSS`` in
   ``/proc/self/status``) after every stage and the peak RSS (``VmHWM``) after every stage.

The client's per-query caps (``DEFAULT_MAX_ENTRIES`` = 10,000 entries) are raised for this
run so that the whole patient is read: with 30 items per conversation, 1,000 conversations
hold about 17,000 Consents, more than the cap (the application would show the truncation
as a problem of the source instead). Linux only (``/proc``). Target: under 250 MB.

Usage::

    .venv/bin/python build_scripts/bench_memory.py [--conversations 1000] [--runs 3]
                                                   [--no-gui] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Json = dict[str, Any]

TARGET_MB = 250.0
PATIENT_ID = "bench-patient"
OTHER_LIMITS = (
    "Dialyse",
    "Sondevoeding",
    "Pacemaker",
    "Chemotherapie",
    "Bestraling",
    "Operatie",
    "Infuus",
    "Morfinepomp",
    "Zuurstof",
    "Bloedtransfusie thuis",
)
PROFESSIONALS = (
    ("huisarts", "Anna Jansen", "01.015"),
    ("cardioloog", "Pieter van Dam", "01.000"),
    ("specialist-og", "Sanne de Wit", "01.047"),
    ("verpleegkundige", "Kees Smit", "30.000"),
    ("geriater", "Fatima Amrani", "01.000"),
)


# ------------------------------------------------------------------------------ the data


def generate(conversations: int) -> list[Json]:
    """Every version of every resource of one patient, oldest first (see the module doc)."""
    from pzp_desktop.domain import profiles
    from pzp_desktop.domain.codes import (
        ADDRESS_USE,
        BEHANDEL_BESLUIT,
        BSN,
        ROL472,
        ROLE_CODE,
        SCT,
        UZI_ROLE,
        Coding,
    )
    from pzp_desktop.domain.dates import AMSTERDAM, ClinicalDate
    from pzp_desktop.domain.items import ItemId, Professional, normalise_text
    from pzp_desktop.domain.writing.context import ItemChange, NewConversation
    from pzp_desktop.domain.writing.transaction import build_transaction
    from pzp_desktop.sources.training import change, coded, limit, text

    resources: list[Json] = []
    for key, name, function in PROFESSIONALS:
        resources.append(
            {
                "resourceType": "Practitioner",
                "id": f"arts-{key}",
                "meta": {"profile": [profiles.PRACTITIONER]},
                "name": [{"use": "official", "text": name, "family": name.split()[-1]}],
            }
        )
        resources.append(
            {
                "resourceType": "PractitionerRole",
                "id": f"rol-{key}",
                "meta": {"profile": [profiles.PRACTITIONER_ROLE]},
                "practitioner": {"reference": f"Practitioner/arts-{key}", "display": name},
                "specialty": [{"coding": [{"system": UZI_ROLE, "code": function}]}],
            }
        )
    patient: Json = {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "meta": {"profile": [profiles.PATIENT], "versionId": "1"},
        "identifier": [{"system": BSN, "value": "999990044"}],
        "name": [{"use": "official", "text": "Proef Duizendgesprekken", "family": "Proef"}],
        "gender": "female",
        "birthDate": "1940-01-01",
    }
    resources.append(patient)
    related: dict[str, Json] = {}  # Type/id -> current version
    versions: dict[str, int] = {f"Patient/{PATIENT_ID}": 1}

    limits = (
        ItemId.RESUSCITATION,
        ItemId.VENTILATION,
        ItemId.ICU_ADMISSION,
        ItemId.HOSPITAL_ADMISSION,
        ItemId.ANTIBIOTICS,
        ItemId.BLOOD_PRODUCTS,
    )
    goals = ("1351964001", "225353007", "385987000")
    places = ("264362003", "284546000", "108344006")
    start = date(1999, 1, 4)
    for n in range(conversations):
        flip = n % 3
        changes: list[ItemChange] = [
            change(ItemId.LEGAL_CAPACITY, coded("1406", None, "1" if n % 50 else "0")),
            change(
                ItemId.LEGAL_REPRESENTATIVE,
                text("973", "Marieke"),
                text("974", "de"),
                text("975", "Vries"),
                text("976", f"06-1234{n % 10000:04d}"),
                coded("977", ADDRESS_USE, "MC"),
                coded("978", ADDRESS_USE, "HP"),
                coded("982", ROL472, "24"),
                coded("983", ROLE_CODE, "DAUC"),
                coded("984", None, "0"),
            ),
            change(
                ItemId.FIRST_CONTACT_PERSON,
                text("985", "Wilma"),
                text("987", "Bos"),
                text("988", f"06-9876{n % 10000:04d}"),
                coded("989", ADDRESS_USE, "MC"),
                coded("995", ROLE_CODE, "WIFE"),
            ),
            change(ItemId.TREATMENT_GOAL, coded("999", SCT, goals[flip])),
            *(
                limit(
                    item,
                    ("0", "2", "1")[(n + i) % 3],
                    other="Alleen bij een goed behandelbare oorzaak" if (n + i) % 3 == 2 else "",
                    comment=f"Besproken in gesprek {n + 1}",
                )
                for i, item in enumerate(limits)
            ),
            change(
                ItemId.ICD,
                coded("1006", SCT, "373066001"),
                coded("1008", None, "ICD"),
                text("1009", "ICD geplaatst in 2019"),
            ),
            change(
                ItemId.ICD_DEACTIVATION,
                coded("1005", BEHANDEL_BESLUIT, "0"),
                text("1010", "Schokfunctie uitzetten bij start palliatieve sedatie"),
            ),
            change(ItemId.CARE_WISHES, text("1190", f"Wil zo lang mogelijk thuis blijven ({n})")),
            change(ItemId.PLACE_OF_DEATH, coded("1191", SCT, places[flip])),
            change(ItemId.EUTHANASIA_POSITION, coded("1193", SCT, "340191000146100")),
            change(ItemId.ORGAN_DONATION, coded("1435", SCT, "373067005")),
            change(ItemId.OTHER_IMPORTANT, text("1196", "Geloof geeft steun; wil een dominee")),
            change(
                ItemId.PREVIOUS_AGREEMENTS,
                coded("1197", SCT, "373066001"),
                text("1198", "Wilsverklaring uit 2015"),
            ),
            change(ItemId.PREVIOUS_AGREEMENTS_DIFFER, coded("1199", SCT, "373067005")),
            change(ItemId.INFORMED_RELATIVES, coded("1200", None, "1")),
            change(ItemId.SHARING_CONSENT, coded("1201", SCT, "441898007")),
            *(
                change(
                    ItemId.OTHER_LIMIT,
                    text("1422", name),
                    coded("1402", BEHANDEL_BESLUIT, ("2", "0")[(n + i) % 2]),
                    qualifier=normalise_text(name),
                )
                for i, name in enumerate(OTHER_LIMITS)
            ),
        ]
        key, name, function = PROFESSIONALS[n % len(PROFESSIONALS)]
        day = start + timedelta(days=(n * 9) % 9000)
        moment = datetime.combine(day, clock_time(9 + n % 8), AMSTERDAM)
        conversation = NewConversation(
            identifier=str(uuid.uuid5(uuid.NAMESPACE_URL, f"pzp-bench/{n}")),
            date=ClinicalDate.from_datetime(moment),
            professional=Professional(
                name=name,
                function=Coding(UZI_ROLE, function),
                reference=f"PractitionerRole/rol-{key}",
            ),
            comment=f"Gesprek {n + 1}",
        )
        bundle = build_transaction(
            f"Patient/{PATIENT_ID}",
            conversation,
            changes,
            current_patient=patient,
            current_related_persons=list(related.values()),
            now=moment.astimezone(UTC) + timedelta(hours=1),
        )
        # Apply the transaction the way a server does, without the in-memory server's
        # conditional-create search (linear per entry: quadratic for a whole patient).
        assigned: dict[str, str] = {}
        stored: list[Json] = []
        for index, entry in enumerate(bundle["entry"]):
            resource, request = entry["resource"], entry["request"]
            if request["method"] == "PUT":
                reference = request["url"]
            else:
                reference = f"{resource['resourceType']}/c{n}-{index}"
            if entry.get("fullUrl"):
                assigned[entry["fullUrl"]] = reference
            stored.append(resource)
        for resource, entry in zip(stored, bundle["entry"], strict=True):
            _rewrite_references(resource, assigned)
            reference = assigned.get(entry.get("fullUrl", ""), entry["request"]["url"])
            resource["id"] = reference.split("/", 1)[1]
            version = versions.get(reference, 0) + 1
            versions[reference] = version
            resource["meta"] = {**resource.get("meta", {}), "versionId": str(version)}
            resources.append(resource)
            if resource["resourceType"] == "Patient":
                patient = resource
            elif resource["resourceType"] == "RelatedPerson":
                related[reference] = resource
    return resources


def _rewrite_references(node: object, assigned: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str) and value in assigned:
                node[key] = assigned[value]
            else:
                _rewrite_references(value, assigned)
    elif isinstance(node, list):
        for item in node:
            _rewrite_references(item, assigned)


# ------------------------------------------------------------------------------ serving


class _PagingServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def serve(resources: list[Json]) -> tuple[_PagingServer, str]:
    """Serve ``resources`` from an InMemoryFhirServer over loopback HTTP (in a thread).

    Search results are paged at the request's ``_count`` (default 200), with ``next``
    links, as a real server does; everything else is the in-memory server's answer as is.
    """
    import httpx

    from pzp_desktop.fhir.memory_server import InMemoryFhirServer

    pages: dict[str, list[Json]] = {}
    lock = threading.Lock()
    holder: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            store: InMemoryFhirServer = holder["store"]
            base: str = holder["base"]
            path, _, query = self.path.partition("?")
            params = parse_qsl(query, keep_blank_values=True)
            named = dict(params)
            if "_getpages" in named:
                with lock:
                    entries = pages.get(named["_getpages"])
                if entries is None:
                    self._send(410, b'{"resourceType":"OperationOutcome"}')
                    return
                self._send_page(base, named["_getpages"], entries, named)
                return
            url = f"http://127.0.0.1:{self.server.server_address[1]}{self.path}"
            response = store.handle_request(
                httpx.Request("GET", url, headers=dict(self.headers.items()))
            )
            body = json.loads(response.content)
            parts = [p for p in path.split("/") if p]
            if (
                body.get("resourceType") == "Bundle"
                and body.get("type") == "searchset"
                and len(parts) == 2
            ):
                page_id = uuid.uuid4().hex
                with lock:
                    pages[page_id] = body.get("entry", [])
                self._send_page(base, page_id, pages[page_id], {**named, "_getpagesoffset": "0"})
                return
            self._send(response.status_code, response.content)

        def _send_page(
            self, base: str, page_id: str, entries: list[Json], named: dict[str, str]
        ) -> None:
            count = max(1, int(named.get("_count") or 200))
            offset = int(named.get("_getpagesoffset") or 0)
            page: Json = {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": len(entries),
                "link": [],
                "entry": entries[offset : offset + count],
            }
            if offset + count < len(entries):
                page["link"].append(
                    {
                        "relation": "next",
                        "url": f"{base}?_getpages={page_id}&_getpagesoffset={offset + count}"
                        f"&_count={count}",
                    }
                )
            self._send(200, json.dumps(page).encode())

        def _send(self, status: int, content: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

    server = _PagingServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/fhir"
    holder["base"] = base
    holder["store"] = InMemoryFhirServer(base, resources)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


# ------------------------------------------------------------------------------ measuring


def _rss_mb() -> float:
    """Current resident set size (``VmRSS``) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def _peak_mb() -> float:
    """Peak resident set size (``VmHWM``) in MB. Not ``ru_maxrss``: Linux carries that over
    from the process before ``exec`` (the benchmark's parent, which holds the generated
    patient), so it would count the parent's memory too."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def measure(base: str, gui: bool) -> Json:
    """In the fresh subprocess: open the patient as the application does, RSS per stage."""
    # (stage, RSS after it, seconds, peak RSS so far)
    stages: list[tuple[str, float, float, float]] = [("python started", _rss_mb(), 0.0, _peak_mb())]

    def stage(name: str, started: float) -> None:
        stages.append((name, _rss_mb(), time.perf_counter() - started, _peak_mb()))

    started = time.perf_counter()
    from pzp_desktop.fhir.client import FhirClient
    from pzp_desktop.sources.fetch import PatientQuery, Source, fetch_sources
    from pzp_desktop.sources.patient_data import SourceReader

    if gui:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from pzp_desktop.gui.app import ensure_application
        from pzp_desktop.gui.history_widget import HistoryWidget
        from pzp_desktop.gui.overview_model import OverviewModel
    stage("imports", started)

    started = time.perf_counter()
    source = Source("Bron (1.000 gesprekken)", base, primary=True)
    client = FhirClient(base, max_entries=1_000_000, max_pages=10_000)
    reader = SourceReader()
    reported: dict[str, Any] = {}

    def finished(result: Any) -> None:
        # What the application's status line gets, before the source is read.
        if result.fetch is not None:
            reported["requests"] = result.fetch.requests
            reported["problems"] = [str(p) for p in result.fetch.problems]
        reader.read(result)

    results = fetch_sources(
        [(source, client)],
        PatientQuery(patient_ids={source.name: PATIENT_ID}),
        on_finished=finished,
    )
    if not results[0].ok:
        raise SystemExit(f"fetch failed: {results[0].status} {results[0].message}")
    requests = reported.get("requests", 0)
    problems = reported.get("problems", [])
    stage("fetch + read", started)

    started = time.perf_counter()
    data = reader.combine(results)
    stage("deduplicate + consolidate + history", started)

    if gui:
        started = time.perf_counter()
        app = ensure_application()
        model = OverviewModel()
        model.set_overview(data.overview, "nl")
        history = HistoryWidget()
        history.set_history(data.history, "nl")
        app.processEvents()
        stage("overview model + history widget (offscreen)", started)

    return {
        "resources": data.kept_of(source.name).count,
        "requests": requests,
        "problems": problems,
        "items": len(data.items),
        "conversations": len(data.conversations),
        "overview_keys": len(data.overview.items),
        "stages": [
            {
                "stage": name,
                "rss_mb": round(rss, 1),
                "peak_mb": round(peak, 1),
                "seconds": round(seconds, 2),
            }
            for name, rss, seconds, peak in stages
        ],
        "current_rss_mb": round(_rss_mb(), 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


# ------------------------------------------------------------------------------ main


def _runs(base: str, runs: int, gui: bool) -> Iterator[Json]:
    for _ in range(runs):
        load = os.getloadavg()
        command = [sys.executable, str(Path(__file__).resolve()), "--measure", base]
        if not gui:
            command.append("--no-gui")
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"measurement failed ({done.returncode}):\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["load_average"] = [round(x, 2) for x in load]
        yield result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="fresh measuring processes")
    parser.add_argument("--no-gui", action="store_true", help="leave out the Qt models")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)  # the subprocess
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.measure, gui=not args.no_gui)))
        return 0

    started = time.perf_counter()
    resources = generate(args.conversations)
    generated_seconds = time.perf_counter() - started
    server, base = serve(resources)
    del resources
    try:
        runs = list(_runs(base, args.runs, gui=not args.no_gui))
    finally:
        server.shutdown()
        server.server_close()

    peak = statistics.median(r["peak_rss_mb"] for r in runs)
    current = statistics.median(r["current_rss_mb"] for r in runs)
    first = runs[0]
    summary = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "conversations": args.conversations,
        "items_per_conversation": 30,
        "generated_seconds": round(generated_seconds, 1),
        "gui": not args.no_gui,
        "runs": runs,
        "median_peak_rss_mb": peak,
        "median_current_rss_mb": current,
        "target_mb": TARGET_MB,
        "met": peak < TARGET_MB,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0 if summary["met"] else 1
    print(
        f"Python {summary['python']}, {summary['cpus']} CPUs; one patient with "
        f"{args.conversations} conversations × 30 items (generated in {generated_seconds:.0f} s); "
        f"{args.runs} fresh processes"
    )
    print(
        f"fetched {first['resources']} resource versions in {first['requests']} requests → "
        f"{first['items']} recorded items, {first['conversations']} conversations, "
        f"{first['overview_keys']} overview keys"
    )
    if first["problems"]:
        print("problems reported by the fetch: " + "; ".join(first["problems"]))
    print(f"\n{'stage':<46} {'RSS after (MB)':>15} {'peak so far':>12} {'seconds':>8}")
    for row in first["stages"]:
        print(
            f"{row['stage']:<46} {row['rss_mb']:>15.1f} {row['peak_mb']:>12.1f} "
            f"{row['seconds']:>8.2f}"
        )
    for i, run in enumerate(runs, 1):
        print(
            f"run {i}: peak {run['peak_rss_mb']:.1f} MB, at the end {run['current_rss_mb']:.1f} MB "
            f"(load average {run['load_average']})"
        )
    verdict = "met" if summary["met"] else "NOT met"
    print(
        f"median peak RSS {peak:.1f} MB, at the end {current:.1f} MB — "
        f"target under {TARGET_MB:.0f} MB: {verdict}"
    )
    return 0 if summary["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

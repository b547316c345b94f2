"""Benchmark: opening a patient from three sources, parallel vs one after the other.

Set-up: the HAPI FHIR test server (started here from ``tests/fhir_server/target/app``
unless ``--base`` points at a running one) holds the same patient in three "sources" (three
Patients, the second and third with copies of the first one's records plus their own), each
with 20 PZP conversations. Each source is reached through its own small delaying proxy on
loopback (in a separate process) that adds ``--latency`` ms (default 80) to every request,
like a WAN round trip.

Measured, in the same run and alternating per repeat (so that a change in the machine's
load hits all three alike): the time from start to the consolidated overview (fetch all
sources + read + consolidate + history) as PZP Desktop does it (sources in parallel,
queries per source in parallel), the same without added latency (server + client time
only), and a sequential baseline (one source after the other, one request at a time). The
target is at most three round trips plus 300 ms.

Every open is a first open after launch: new clients (no CapabilityStatement read yet, no
open connections), nothing kept from an earlier repeat. The server keeps no search results
either (``setReuseCachedSearchResultsForMillis(null)`` in the test server).

Besides the medians it reports, per open (medians), where the time goes:

* client CPU: CPU time of this process during the open (the proxies run in another
  process, the server in the JVM);
* server CPU: CPU time of the server process during the open (only when this script
  started the server, or with ``--server-pid``) — on this machine it competes with the
  client for the same cores, which a remote server would not;
* server time: per request, the time the proxy waited for the server's answer (sum, and
  the slowest request);
* rounds: the requests on the critical path, counted at the proxies: a request belongs to
  round 1 + the highest round among the requests answered before it arrived.

The server this script starts runs with the test fixture's JVM flags
(``-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms1g``: C1 JIT only) and is warmed up with
``--warm-up`` opens (default 20) before anything is measured. Why not the full JIT, as a
long-running production server would have: on this two-core machine a fresh server with C2
keeps its C2 compiler thread busy for minutes (measured: 0.5-0.7 s of C2 CPU per 30 simple
requests, still after 40 opens), taking a core from the client under test and making runs
incomparable; with C1 only, compilation is done after the warm-up and the server's CPU per
request is steady (slower code, but the same in every run). ``--java-opts`` overrides the
flags; the server's CPU is reported with and without its JIT compiler threads.

Run: ``.venv/bin/python build_scripts/bench_sources.py [--base URL [--server-pid PID]]
[--repeat N] [--latency MS] [--related-person-versions]``
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pzp_desktop.fhir.client import FhirClient  # noqa: E402
from pzp_desktop.sources.fetch import PatientQuery, Source, fetch_sources  # noqa: E402
from pzp_desktop.sources.patient_data import combine  # noqa: E402
from tests.fhir.example_patients import ExamplePatient, example_patient  # noqa: E402

APP_JAR = ROOT / "tests" / "fhir_server" / "target" / "app" / "pzp-fhir-test-server.jar"
# The test fixture's flags (tests/fhir_server_fixture.py JVM_OPTIONS); see the docstring.
JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms1g"
MAX_PROXY_THREADS = 64
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# ------------------------------------------------------------------------------ the proxy


class _ProxyServer(ThreadingHTTPServer):
    # The default listen backlog (5) drops the SYNs of a client opening a dozen connections
    # at once; the retransmission then costs a whole second.
    request_queue_size = 128
    daemon_threads = True


@dataclass(frozen=True)
class Forwarded:
    """One request through a proxy (``time.monotonic()`` values, the same clock as the
    parent process's)."""

    arrived: float
    upstream_seconds: float  # from sending to the server until its whole answer was read
    answered: float  # the answer fully written back to the client


class DelayingProxy:
    """A loopback HTTP proxy adding a fixed delay to every request (bounded thread use)."""

    def __init__(self, upstream: str, delay: float) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.delay = delay
        self.forwarded: list[Forwarded] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_PROXY_THREADS)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle + delayed ACK
            # add ~40 ms to every response, which is not the latency being simulated.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                arrived = time.monotonic()
                with proxy._slots:
                    time.sleep(proxy.delay)
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else None
                    connection = http.client.HTTPConnection(
                        proxy.upstream_host, proxy.upstream_port, timeout=60
                    )
                    try:
                        # Host stays the proxy's, so the server's paging links point back here.
                        headers = {
                            k: v for k, v in self.headers.items() if k.lower() != "connection"
                        }
                        sent = time.monotonic()
                        connection.request(self.command, self.path, body=body, headers=headers)
                        response = connection.getresponse()
                        data = response.read()
                        upstream = time.monotonic() - sent
                        self.send_response(response.status, response.reason)
                        for key, value in response.getheaders():
                            if key.lower() not in (
                                "transfer-encoding",
                                "connection",
                                "content-length",
                            ):
                                self.send_header(key, value)
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        self.wfile.flush()
                    finally:
                        connection.close()
                    with proxy._lock:
                        proxy.forwarded.append(Forwarded(arrived, upstream, time.monotonic()))

            do_GET = _forward
            do_POST = _forward
            do_PUT = _forward

        self.server = _ProxyServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def drain(self) -> list[Forwarded]:
        with self._lock:
            out, self.forwarded = self.forwarded, []
        return out

    def __enter__(self) -> DelayingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _serve_proxies(upstream: str, delay: float, count: int, pipe: Connection) -> None:
    """In a child process (own interpreter, own GIL): run ``count`` proxies.

    Answers "drain" with the requests forwarded since the last drain; anything else (or
    the parent going away) ends the proxies.
    """
    proxies = [DelayingProxy(upstream, delay) for _ in range(count)]
    for proxy in proxies:
        proxy.__enter__()
    pipe.send([proxy.port for proxy in proxies])
    try:
        while pipe.recv() == "drain":
            pipe.send([f for proxy in proxies for f in proxy.drain()])
    except EOFError:
        pass
    for proxy in proxies:
        proxy.__exit__()


class Proxies:
    def __init__(self, pipe: Connection, ports: list[int]) -> None:
        self._pipe = pipe
        self.ports = ports

    def drain(self) -> list[Forwarded]:
        self._pipe.send("drain")
        forwarded: list[Forwarded] = self._pipe.recv()
        return forwarded


@contextmanager
def proxies_for(upstream: str, delay: float, count: int) -> Iterator[Proxies]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(
        target=_serve_proxies, args=(upstream, delay, count, child), daemon=True
    )
    process.start()
    try:
        yield Proxies(parent, parent.recv())
    finally:
        parent.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


def critical_rounds(forwarded: list[Forwarded]) -> int:
    """The number of dependent rounds: 1 + the highest round among the requests answered
    before a request arrived (requests sent together share a round)."""
    rounds: list[tuple[float, int]] = []  # (answered, round)
    for request in sorted(forwarded, key=lambda f: f.arrived):
        earlier = [r for answered, r in rounds if answered <= request.arrived]
        rounds.append((request.answered, 1 + max(earlier, default=0)))
    return max((r for _, r in rounds), default=0)


# ------------------------------------------------------------------------------ the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str
    pid: int | None

    def cpu_seconds(self) -> tuple[float, float] | None:
        """User + system CPU time of the server process so far, and the part of it spent
        by the JVM's JIT compiler threads (Linux ``/proc``)."""
        if self.pid is None:
            return None
        total = compiler = 0
        try:
            tasks = list(Path(f"/proc/{self.pid}/task").iterdir())
        except OSError:
            return None
        for task in tasks:
            try:
                stat = (task / "stat").read_text()
            except OSError:  # the thread ended meanwhile
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat.rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])
            total += ticks
            if "CompilerThre" in name:
                compiler += ticks
        return total / CLOCK_TICKS, compiler / CLOCK_TICKS


@contextmanager
def test_server(base: str | None, pid: int | None, java_opts: str) -> Iterator[Server]:
    if base:
        yield Server(base.rstrip("/"), pid)
        return
    if not APP_JAR.exists():
        sys.exit(
            f"Testserver niet gebouwd: {APP_JAR} ontbreekt "
            "(mvn -q -f tests/fhir_server/pom.xml package -DskipTests)."
        )
    port = _free_port()
    process = subprocess.Popen(
        [
            "java",
            *shlex.split(java_opts),
            "-jar",
            str(APP_JAR),
            f"--server.port={port}",
            f"--pzp.exit-with-pid={os.getpid()}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/fhir"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"{url}/metadata", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                sys.exit("De testserver kwam niet op.")
            time.sleep(1)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# ------------------------------------------------------------------------------ the run


@dataclass
class Opened:
    seconds: float
    fetch_seconds: float
    requests: int
    client_cpu: float
    server_cpu: float | None = None  # without the JIT compiler threads
    server_jit_cpu: float | None = None
    server_seconds: float | None = None  # sum over the requests (proxies only)
    slowest_request: float | None = None
    rounds: int | None = None


def _open(
    sources: list[Source],
    query: PatientQuery,
    parallel: bool,
    server: Server,
    proxies: Proxies | None,
) -> Opened:
    server_before = server.cpu_seconds()
    cpu_before = time.process_time()
    started = time.perf_counter()
    if parallel:
        clients = [(s, FhirClient(s.base_url)) for s in sources]
        results = fetch_sources(clients, query)
    else:
        results = []
        for source in sources:
            with FhirClient(source.base_url) as client:
                results.extend(fetch_sources([(source, client)], query, max_parallel_per_source=1))
        clients = []
    fetched = time.perf_counter()
    data = combine(results)
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_before
    server_after = server.cpu_seconds()
    for _, client in clients:
        client.close()
    if not all(r.ok for r in results) or not data.overview.items:
        sys.exit("Ophalen mislukt: " + "; ".join(f"{r.source.name}: {r.message}" for r in results))
    opened = Opened(
        elapsed,
        fetched - started,
        sum(r.fetch.requests for r in results if r.fetch),
        client_cpu,
    )
    if server_before is not None and server_after is not None:
        opened.server_jit_cpu = server_after[1] - server_before[1]
        opened.server_cpu = server_after[0] - server_before[0] - opened.server_jit_cpu
    if proxies is not None:
        forwarded = proxies.drain()
        opened.server_seconds = sum(f.upstream_seconds for f in forwarded)
        opened.slowest_request = max((f.upstream_seconds for f in forwarded), default=0.0)
        opened.rounds = critical_rounds(forwarded)
    return opened


def _median(runs: list[Opened], field: str = "seconds") -> float:
    values = [getattr(r, field) for r in runs if getattr(r, field) is not None]
    return float(statistics.median(values)) if values else float("nan")


def _load_patients(base: str, conversations: int, related_person_versions: bool) -> list[str]:
    loader = FhirClient(base)
    first = example_patient(conversations=conversations)
    patients: list[ExamplePatient] = [
        first,
        example_patient(conversations=conversations, identifier_seed=first.prefix),
        example_patient(conversations=conversations + 1, identifier_seed=first.prefix),
    ]
    for patient in patients:
        loader.transaction(patient.transaction())
        loader.update(patient.patient_version(capable=False), if_match="1")
        if related_person_versions:
            for resource in patient.resources:
                if resource["resourceType"] == "RelatedPerson":
                    loader.update({**resource, "active": True}, if_match="1")
    loader.close()
    return [p.patient_id for p in patients]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", help="FHIR base of a running test server")
    parser.add_argument("--server-pid", type=int, help="its process id (for its CPU time)")
    parser.add_argument("--latency", type=float, default=80.0, help="ms added per request")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--warm-up", type=int, default=20, help="opens before measuring")
    parser.add_argument(
        "--java-opts", default=JAVA_OPTS, help=f"JVM flags of the server (default {JAVA_OPTS})"
    )
    parser.add_argument(
        "--related-person-versions",
        action="store_true",
        help="give every RelatedPerson a second version (their histories are then read)",
    )
    args = parser.parse_args()
    delay = args.latency / 1000

    with test_server(args.base, args.server_pid, args.java_opts) as server:
        upstream = server.base
        split = urlsplit(upstream)
        patient_ids = _load_patients(upstream, args.conversations, args.related_person_versions)

        def sources_at(bases: list[str]) -> list[Source]:
            return [Source(f"bron-{i + 1}", base, primary=i == 0) for i, base in enumerate(bases)]

        def query_for(sources: list[Source]) -> PatientQuery:
            return PatientQuery(
                patient_ids={s.name: p for s, p in zip(sources, patient_ids, strict=True)}
            )

        direct = sources_at([upstream] * len(patient_ids))
        no_latency: list[Opened] = []
        parallel: list[Opened] = []
        sequential: list[Opened] = []
        with proxies_for(upstream, delay, len(patient_ids)) as proxies:
            delayed = sources_at([f"http://127.0.0.1:{port}{split.path}" for port in proxies.ports])
            query = query_for(delayed)
            for _ in range(args.warm_up):  # server JIT; the client's imports and first calls
                _open(direct, query_for(direct), True, server, None)
            _open(delayed, query, True, server, proxies)
            _open(delayed, query, False, server, proxies)
            for _ in range(args.repeat):
                no_latency.append(_open(direct, query_for(direct), True, server, None))
                parallel.append(_open(delayed, query, True, server, proxies))
                sequential.append(_open(delayed, query, False, server, proxies))
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3

    target = 3 * delay + 0.300
    median_parallel = _median(parallel)
    rounds = (_median(parallel, "fetch_seconds") - _median(no_latency, "fetch_seconds")) / delay
    print(
        f"3 bronnen, {args.conversations}+ gesprekken per bron, "
        f"{args.latency:.0f} ms extra per verzoek, {args.repeat} keer"
        + (", vertegenwoordigers met eerdere versies" if args.related_person_versions else "")
    )
    print(f"verzoeken per keer openen (3 bronnen samen): {parallel[0].requests}")

    def ms(value: float) -> str:
        return "?" if value != value else f"{value * 1000:.0f}"

    def line(name: str, runs: list[Opened]) -> str:
        values = [r.seconds * 1000 for r in runs]
        return (
            f"{name:<24} mediaan {_median(runs) * 1000:5.0f} ms "
            f"(min {min(values):.0f}, max {max(values):.0f}; "
            f"ophalen {_median(runs, 'fetch_seconds') * 1000:.0f} ms)"
        )

    def detail(runs: list[Opened]) -> str:
        text = (
            f"    cpu client {ms(_median(runs, 'client_cpu'))} ms, "
            f"cpu server {ms(_median(runs, 'server_cpu'))} ms "
            f"(+ JIT-compiler {ms(_median(runs, 'server_jit_cpu'))} ms)"
        )
        if runs[0].rounds is not None:
            text += (
                f"; servertijd {ms(_median(runs, 'server_seconds'))} ms opgeteld "
                f"(traagste verzoek {ms(_median(runs, 'slowest_request'))} ms); "
                f"rondes op het kritieke pad {_median(runs, 'rounds'):.0f}"
            )
        return text

    print(line("zonder vertraging:", no_latency))
    print(detail(no_latency))
    print(line("parallel (PZP Desktop):", parallel))
    print(detail(parallel))
    print(line("sequentieel:", sequential))
    print(detail(sequential))
    print(f"versnelling: {_median(sequential) / median_parallel:.1f}x")
    print(f"rondes (extra tijd / vertraging): {rounds:.1f}")
    print(f"belasting (1/5/15 min): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    verdict = "gehaald" if median_parallel <= target else "NIET gehaald"
    print(f"doel: hooguit 3 rondes + 300 ms = {target * 1000:.0f} ms — {verdict}")
    return 0 if median_parallel <= target else 1


if __name__ == "__main__":
    sys.exit(main())

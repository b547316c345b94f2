"""Benchmark: opening a patient from three sources, parallel vs one after the other.

Set-up: the HAPI FHIR test server (started from ``tests/fhir_server/target`` unless
``--base`` points at a running one) holds the same patient in three "sources" (three
Patients, the second and third with copies of the first one's records plus their own), each
with 20 PZP conversations. Each source is reached through its own small delaying proxy on
loopback that adds ``--latency`` ms (default 80) to every request, like a WAN round trip.

Measured, in the same run: the time from start to the consolidated overview (fetch all
sources + read + consolidate + history) as PZP Desktop does it (sources in parallel,
queries per source in parallel), and a sequential baseline (one source after the other,
one request at a time). The target is at most three round trips plus 300 ms.

Run: ``.venv/bin/python build_scripts/bench_sources.py [--base URL] [--repeat N]``
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
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
from tests.fhir.example_patients import example_patient  # noqa: E402

JAR = ROOT / "tests" / "fhir_server" / "target" / "pzp-fhir-test-server.jar"
MAX_PROXY_THREADS = 64


# ------------------------------------------------------------------------------ the proxy


class _ProxyServer(ThreadingHTTPServer):
    # The default listen backlog (5) drops the SYNs of a client opening a dozen connections
    # at once; the retransmission then costs a whole second.
    request_queue_size = 128
    daemon_threads = True


class DelayingProxy:
    """A loopback HTTP proxy adding a fixed delay to every request (bounded thread use)."""

    def __init__(self, upstream: str, delay: float) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.delay = delay
        self.requests = 0
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
                with proxy._slots:
                    with proxy._lock:
                        proxy.requests += 1
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
                        connection.request(self.command, self.path, body=body, headers=headers)
                        response = connection.getresponse()
                        data = response.read()
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
                    finally:
                        connection.close()

            do_GET = _forward
            do_POST = _forward
            do_PUT = _forward

        self.server = _ProxyServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def base_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> DelayingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------------------ the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def test_server(base: str | None) -> Iterator[str]:
    if base:
        yield base.rstrip("/")
        return
    if not JAR.exists():
        sys.exit(f"Testserver niet gebouwd: {JAR} ontbreekt (mvn -f tests/fhir_server package).")
    port = _free_port()
    process = subprocess.Popen(
        ["java", "-jar", str(JAR), f"--server.port={port}"],
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
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# ------------------------------------------------------------------------------ the run


def _serve_proxies(upstream: str, delay: float, count: int, pipe: Connection) -> None:
    """In a child process (own interpreter, own GIL): run ``count`` proxies until killed."""
    proxies = [DelayingProxy(upstream, delay) for _ in range(count)]
    for proxy in proxies:
        proxy.__enter__()
    pipe.send([proxy.port for proxy in proxies])
    pipe.recv()  # any message (or the parent going away) ends the proxies
    for proxy in proxies:
        proxy.__exit__()


@contextmanager
def proxies_for(upstream: str, delay: float, count: int) -> Iterator[list[int]]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(
        target=_serve_proxies, args=(upstream, delay, count, child), daemon=True
    )
    process.start()
    try:
        yield parent.recv()
    finally:
        parent.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


@dataclass
class Opened:
    seconds: float
    fetch_seconds: float
    requests: int


def _open(sources: list[Source], query: PatientQuery, parallel: bool) -> Opened:
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
    for _, client in clients:
        client.close()
    if not all(r.ok for r in results) or not data.overview.items:
        sys.exit("Ophalen mislukt: " + "; ".join(f"{r.source.name}: {r.message}" for r in results))
    requests = sum(r.fetch.requests for r in results if r.fetch)
    return Opened(elapsed, fetched - started, requests)


def _median(runs: list[Opened], field: str = "seconds") -> float:
    return float(statistics.median(getattr(r, field) for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", help="FHIR base of a running test server")
    parser.add_argument("--latency", type=float, default=80.0, help="ms added per request")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    delay = args.latency / 1000

    with test_server(args.base) as upstream:
        split = urlsplit(upstream)
        loader = FhirClient(upstream)
        first = example_patient(conversations=args.conversations)
        patients = [
            first,
            example_patient(conversations=args.conversations, identifier_seed=first.prefix),
            example_patient(conversations=args.conversations + 1, identifier_seed=first.prefix),
        ]
        for patient in patients:
            loader.transaction(patient.transaction())
            loader.update(patient.patient_version(capable=False), if_match="1")
        loader.close()

        def sources_at(bases: list[str]) -> list[Source]:
            return [Source(f"bron-{i + 1}", base, primary=i == 0) for i, base in enumerate(bases)]

        def query_for(sources: list[Source]) -> PatientQuery:
            return PatientQuery(
                patient_ids={s.name: p.patient_id for s, p in zip(sources, patients, strict=True)}
            )

        # The same three sources without added latency: server + client time only.
        direct = sources_at([upstream] * len(patients))
        _open(direct, query_for(direct), parallel=True)  # warm-up (server JIT, caches)
        no_latency = [_open(direct, query_for(direct), True) for _ in range(args.repeat)]

        with proxies_for(upstream, delay, len(patients)) as ports:
            delayed = sources_at([f"http://127.0.0.1:{port}{split.path}" for port in ports])
            query = query_for(delayed)
            _open(delayed, query, parallel=True)
            parallel = [_open(delayed, query, True) for _ in range(args.repeat)]
            sequential = [_open(delayed, query, False) for _ in range(args.repeat)]

    target = 3 * delay + 0.300
    median_parallel = _median(parallel)
    rounds = (_median(parallel, "fetch_seconds") - _median(no_latency, "fetch_seconds")) / delay
    print(
        f"3 bronnen, {args.conversations}+ gesprekken per bron, "
        f"{args.latency:.0f} ms extra per verzoek, {args.repeat} keer"
    )
    print(f"verzoeken per keer openen (3 bronnen samen): {parallel[0].requests}")

    def line(name: str, runs: list[Opened]) -> str:
        values = [r.seconds * 1000 for r in runs]
        return (
            f"{name:<24} mediaan {_median(runs) * 1000:5.0f} ms "
            f"(min {min(values):.0f}, max {max(values):.0f}; "
            f"ophalen {_median(runs, 'fetch_seconds') * 1000:.0f} ms)"
        )

    print(line("zonder vertraging:", no_latency))
    print(line("parallel (PZP Desktop):", parallel))
    print(line("sequentieel:", sequential))
    print(f"versnelling: {_median(sequential) / median_parallel:.1f}x")
    print(f"rondes (extra tijd / vertraging): {rounds:.1f}")
    verdict = "gehaald" if median_parallel <= target else "NIET gehaald"
    print(f"doel: hooguit 3 rondes + 300 ms = {target * 1000:.0f} ms — {verdict}")
    return 0 if median_parallel <= target else 1


if __name__ == "__main__":
    sys.exit(main())

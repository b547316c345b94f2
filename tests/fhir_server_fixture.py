"""Pytest plugin: a real HAPI FHIR R4 JPA server (``tests/fhir_server``) for integration tests.

Registered in ``tests/conftest.py`` (``pytest_plugins = ["tests.fhir_server_fixture"]``).

``fhir_server`` (session scope) builds the server when needed (Maven), starts it on a free
port with an empty in-memory database plus the PZP search parameters and value sets (and the
training patients, written by the application's own writers), waits until
``GET /fhir/metadata`` answers 200 and stops it at the end of the session. The server log is
``test-artifacts/fhir-server-<worker>.log``, the build log ``test-artifacts/fhir-server-build.log``.

Tests share the server and do not wipe it: give every resource a unique id / business
identifier (``unique_id`` fixture) and search within your own patient.

Without ``java`` (17+) or, when a (re)build is needed, ``mvn``: the tests are skipped, or fail
when the environment variable ``CI`` is ``true``.

Environment variables:

* ``PZP_FHIR_TEST_SERVER_URL``: use an already running server (e.g. one started with
  ``build_scripts/fhir_test_server.sh``) instead of building and starting one,
  e.g. ``http://127.0.0.1:8080/fhir``.
* ``PZP_FHIR_PRELOAD_TRAINING=0``: do not load the training patients.
* ``PZP_FHIR_START_TIMEOUT``: seconds to wait for the server (default 180).
* ``PZP_FHIR_JAVA_OPTS``: extra JVM options.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
MODULE_DIR = REPO_ROOT / "tests" / "fhir_server"
POM = MODULE_DIR / "pom.xml"
# The build produces the fat jar and unpacks it into target/app/ (faster start, see pom.xml).
FAT_JAR = MODULE_DIR / "target" / "pzp-fhir-test-server.jar"
APP_JAR = MODULE_DIR / "target" / "app" / "pzp-fhir-test-server.jar"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

# Same flags as build_scripts/fhir_test_server.sh: C1-only JIT halves the startup CPU time of
# this short-lived server; serial GC and a 1 GB initial heap avoid GC work during startup.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms1g")
MIN_JAVA = 17
LOG_TAIL_LINES = 50

Json = dict[str, Any]


# --------------------------------------------------------------------------- HTTP helpers


@dataclass(frozen=True)
class FhirResponse:
    status: int
    headers: dict[str, str]
    body: Any  # parsed JSON (dict) or None for an empty body

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


class FhirHttpError(AssertionError):
    """A FHIR request that was expected to succeed did not."""

    def __init__(self, method: str, url: str, response: FhirResponse) -> None:
        self.response = response
        super().__init__(f"{method} {url} -> HTTP {response.status}: {_diagnostics(response.body)}")


def fhir_request(
    method: str,
    url: str,
    body: Json | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> FhirResponse:
    """One FHIR JSON request with the standard library; never raises for HTTP error codes.

    ``url`` is used as given (a ``|`` in a token search may stay unencoded: the server
    accepts it).
    """
    all_headers = {"Accept": "application/fhir+json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        all_headers["Content-Type"] = "application/fhir+json"
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return FhirResponse(response.status, dict(response.headers), _json(response.read()))
    except urllib.error.HTTPError as error:
        return FhirResponse(error.code, dict(error.headers), _json(error.read()))


def post_transaction(base_url: str, bundle: Json) -> Json:
    """POST a transaction (or batch) Bundle to ``base_url``; returns the response Bundle.

    Raises ``FhirHttpError`` (an ``AssertionError``) with the server's diagnostics otherwise.
    """
    url = base_url.rstrip("/")
    response = fhir_request("POST", url, bundle)
    if response.status != 200:
        raise FhirHttpError("POST", url, response)
    result: Json = response.body
    return result


def new_id(prefix: str = "t") -> str:
    """A fresh FHIR logical id / identifier value (``[A-Za-z0-9-.]``, at most 64 characters)."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def _json(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _diagnostics(body: Any) -> str:
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        return "; ".join(
            str(issue.get("diagnostics") or issue.get("details", {}).get("text") or issue)
            for issue in body.get("issue", [])
        )
    return str(body)[:2000]


# --------------------------------------------------------------------------- fixtures


@dataclass
class FhirTestServer:
    """A running test server. ``base_url`` is e.g. ``http://127.0.0.1:54321/fhir``."""

    base_url: str
    port: int | None = None
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_handle: IO[bytes] | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        """``server.url("Patient?name=x")`` -> ``<base_url>/Patient?name=x``."""
        return f"{self.base_url}/{path.lstrip('/')}"


@pytest.fixture(scope="session")
def fhir_server(request: pytest.FixtureRequest) -> Iterator[FhirTestServer]:
    """The shared HAPI FHIR test server (started once per test session)."""
    external = os.environ.get("PZP_FHIR_TEST_SERVER_URL", "").strip().rstrip("/")
    if external:
        yield FhirTestServer(base_url=external)
        return

    java = _require_java()
    _build_if_needed(request.config)
    server = _start_server(request.config, java)
    try:
        yield server
    finally:
        _stop(server)


@pytest.fixture
def unique_id() -> Callable[[str], str]:
    """``unique_id("pat")`` -> a fresh id such as ``pat-3f2a...``; use for ids and identifiers."""
    return new_id


# --------------------------------------------------------------------------- internals


def _missing_tool(reason: str) -> NoReturn:
    message = f"FHIR test server unavailable: {reason}"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{message} (CI=true, so this is an error, not a skip)", pytrace=False)
    pytest.skip(f"{message}. Install it to run the integration tests.")


def _announce(config: pytest.Config, message: str) -> None:
    """Print past pytest's output capturing (a build or startup takes a while)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.ensure_newline()
        reporter.write_line(f"[fhir-server] {message}", yellow=True, bold=True)


def _require_java() -> str:
    java = shutil.which("java")
    if java is None:
        _missing_tool(f"'java' not found on PATH (needs a Java {MIN_JAVA}+ JDK)")
    probe = subprocess.run(
        [java, "-version"], capture_output=True, text=True, timeout=60, check=False
    )
    match = re.search(r'version "(\d+)(?:\.(\d+))?', probe.stderr + probe.stdout)
    if match:
        major = int(match.group(1))
        if major == 1 and match.group(2):  # "1.8.0_392" style
            major = int(match.group(2))
        if major < MIN_JAVA:
            _missing_tool(f"'{java}' is Java {major}; Java {MIN_JAVA}+ is needed")
    return java


def _needs_build() -> bool:
    if not (APP_JAR.is_file() and FAT_JAR.is_file()):
        return True
    built = APP_JAR.stat().st_mtime
    sources = [POM, *(p for p in (MODULE_DIR / "src").rglob("*") if p.is_file())]
    return any(p.stat().st_mtime > built for p in sources)


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    """Serialise builds between concurrent test sessions in the same tree (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # Windows: no locking
        yield
        return
    lock_dir = MODULE_DIR / "target"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_if_needed(config: pytest.Config) -> None:
    if not _needs_build():
        return
    with _build_lock():
        if not _needs_build():  # built by a concurrent session meanwhile
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            _missing_tool("the server must be built but 'mvn' (Maven 3.8+) is not on PATH")
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        build_log = ARTIFACTS_DIR / "fhir-server-build.log"
        _announce(
            config,
            "building tests/fhir_server with Maven (the first build downloads dependencies "
            f"and can take minutes); log: {build_log}",
        )
        started = time.monotonic()
        with open(build_log, "wb") as log:
            result = subprocess.run(
                [mvn, "-q", "-B", "-f", str(POM), "package", "-DskipTests"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=MODULE_DIR,
                check=False,
            )
        if result.returncode != 0 or not APP_JAR.is_file():
            pytest.fail(
                f"Building the FHIR test server failed (exit code {result.returncode}).\n"
                f"Last lines of {build_log}:\n{_tail(build_log)}",
                pytrace=False,
            )
        _announce(config, f"build finished in {time.monotonic() - started:.0f} s")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _export_training_patients() -> Path:
    """The training patients as a transaction bundle, written by the application's own
    writers (so the real server also checks what the training mode holds)."""
    from pzp_desktop.sources.training import training_bundle

    directory = ARTIFACTS_DIR / "fhir-server-preload"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "training.json").write_text(json.dumps(training_bundle()), "utf-8")
    return directory


def _start_server(config: pytest.Config, java: str) -> FhirTestServer:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log_path = ARTIFACTS_DIR / f"fhir-server-{worker}.log"
    timeout = float(os.environ.get("PZP_FHIR_START_TIMEOUT", "180"))
    preload_dir = (
        _export_training_patients()
        if os.environ.get("PZP_FHIR_PRELOAD_TRAINING", "1") != "0"
        else None
    )

    for _attempt in range(3):  # a new port if the chosen one was taken in the meantime
        port = _free_port()
        command = [
            java,
            *JVM_OPTIONS,
            *os.environ.get("PZP_FHIR_JAVA_OPTS", "").split(),
            "-jar",
            str(APP_JAR),
            f"--server.port={port}",
            # The server exits by itself if this test session dies without cleaning up.
            f"--pzp.exit-with-pid={os.getpid()}",
        ]
        if preload_dir is not None:
            command.append(f"--pzp.preload-dir={preload_dir}")
        _announce(config, f"starting on port {port}; log: {log_path}")
        started = time.monotonic()
        log: IO[bytes] = open(log_path, "wb")  # noqa: SIM115 - closed in _stop()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=MODULE_DIR
        )
        server = FhirTestServer(f"http://127.0.0.1:{port}/fhir", port, log_path, process, log)
        outcome = _wait_until_ready(server, process, log_path, timeout)
        if outcome == "ready":
            _announce(config, f"ready after {time.monotonic() - started:.1f} s: {server.base_url}")
            return server
        _stop(server)
        if outcome == "port-taken":
            continue
        pytest.fail(
            f"FHIR test server {outcome}.\nCommand: {' '.join(command)}\n"
            f"Errors in {log_path}:\n{_errors(log_path)}\n"
            f"Last {LOG_TAIL_LINES} lines of {log_path}:\n{_tail(log_path)}",
            pytrace=False,
        )
    pytest.fail("FHIR test server: no free port found after 3 attempts", pytrace=False)


def _wait_until_ready(
    server: FhirTestServer, process: subprocess.Popen[bytes], log_path: Path, timeout: float
) -> str:
    """'ready', 'port-taken', or a description of the failure."""
    deadline = time.monotonic() + timeout
    while True:
        code = process.poll()
        if code is not None:
            if "already in use" in _tail(log_path):
                return "port-taken"
            return f"exited during startup with code {code}"
        try:
            with urllib.request.urlopen(server.url("metadata"), timeout=10) as response:
                if response.status == 200:
                    return "ready"
        except (urllib.error.URLError, OSError):
            pass  # not listening yet, or 503 while preloading
        if time.monotonic() > deadline:
            return f"did not answer GET /fhir/metadata with 200 within {timeout:.0f} s"
        time.sleep(0.25)


def _stop(server: FhirTestServer) -> None:
    process = server.process
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    if server.log_handle is not None:
        server.log_handle.close()


def _errors(path: Path, limit: int = 12) -> str:
    """The lines of a server log that usually explain a failed start."""
    markers = (" ERROR ", "Exception:", "Caused by:", "Description:", "already in use")
    found: list[str] = []
    for line in _tail(path, lines=100_000).splitlines():
        if any(marker in line for marker in markers) and line not in found:
            found.append(line[:500])
    return "\n".join(found[:limit]) or "(none)"


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(cannot read {path}: {error})"
    return "\n".join(text.splitlines()[-lines:])

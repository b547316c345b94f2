"""The local append-only audit log (NEN 7513; product brief §6).

Every opening of a patient, every view, print, PDF export and write is recorded here, and —
where the source supports it — also sent to the source as a FHIR AuditEvent
(:func:`send_audit_events`, using :mod:`pzp_desktop.fhir.audit`). The local log is the record
that must always be written; sending is best effort and its result is logged locally too.

Format
    JSON Lines (UTF-8), one event per line, appended (``O_APPEND``), flushed and
    ``fsync``'d before :meth:`AuditLog.record` returns. Each line holds the NEN 7513 fields:

    ========================  ==================================================================
    ``v``                     format version (1)
    ``id``                    a random UUID of this event
    ``when``                  UTC, ISO 8601 with microseconds (``2026-11-22T09:15:02.123456Z``)
    ``who``                   the user: ``id``, ``system`` (e.g. UZI), ``display``
    ``role``                  the user's role as a coding (``system``, ``code``, ``display``)
    ``organisation``          ``id``, ``system`` (URA/AGB), ``display``
    ``workstation``           this computer's host name (or as configured)
    ``application``           ``PZP Desktop <version>``
    ``patient``               ``references``: the patient's reference in each source
                              (``{"source": …, "reference": "Patient/…"}``) and ``bsn_hmac``
                              (see below), or ``null`` when no patient is involved
    ``action``                ``open-patient``, ``view``, ``print``, ``export-pdf``, ``write``,
                              ``update``, ``send-audit-event`` (:class:`LogAction`)
    ``sources``               the names of the sources the action concerned
    ``outcome``               ``result`` (``success``/``failure``/``skipped``) and a short
                              ``code`` (``[a-z0-9._-]``, e.g. ``ok``, ``unreachable``)
    ``refers_to``             (``send-audit-event`` only) the ``id`` of the event that was sent
    ``prev``                  SHA-256 (hex) of the previous line's bytes; 64 zeros on line 1
    ========================  ==================================================================

    There is **no clinical content**: no item values, no names or birth dates of the patient,
    no free text typed by the user. The API only accepts typed values (actions, outcome codes
    matching a pattern, references of the form ``Type/id``) so that nothing else can slip in.

The patient and the BSN
    NEN 7513 requires the responsible party (the care provider) to be able to tell which
    patient an event concerns, yet the log must not hold the BSN in clear (it is a file on a
    workstation). The log therefore stores (a) the patient's logical reference in each source
    (``Patient/123`` in "Ziekenhuis X"), which the care provider can resolve in that source,
    and (b) ``bsn_hmac``: HMAC-SHA256 of ``http://fhir.nl/fhir/NamingSystem/bsn|<bsn>`` with a
    random 256-bit key per installation (per OS user), kept in the OS keyring (service
    ``PZP Desktop``, account ``audit-log-bsn-hmac-key``), never in a file; ``bsn_key_id``
    names the key (the first 16 hex digits of its SHA-256) so that a rotated key is
    recognisable. To find the events of a patient, the care provider's administrator computes
    :func:`bsn_hmac` for the patient's BSN with that key and searches for it. A plain hash
    would not do: there are fewer than 10⁹ BSNs, so it could be reversed by trying them all;
    without the key that is not possible. When the keyring is unavailable the event is still
    written, with ``bsn_hmac: null`` and ``bsn_hmac_status: "key-unavailable"``.

Tamper evidence
    Each line carries the SHA-256 of the line before it; :func:`verify` recomputes the chain
    and reports the first line whose predecessor was changed, inserted or removed, and lines
    that are not valid JSON. The chain is not keyed: it detects edits of a line (and removal
    of lines) in the middle, not a rewrite of the whole tail by someone who recomputes every
    hash, nor the removal of the last lines. For that the copies elsewhere count: the
    AuditEvents at the sources, and (recommended) collecting the log centrally; the file is
    created with mode 0600 in a directory of mode 0700. :attr:`ChainReport.last_hash` can be
    noted externally to anchor the chain. A line torn by a crash is terminated before the next
    event is appended, reported by :func:`verify`, and the chain continues after it.

Location
    :func:`default_audit_path`: Linux ``$XDG_STATE_HOME/pzp-desktop/audit.jsonl`` (default
    ``~/.local/state/pzp-desktop/audit.jsonl``), Windows
    ``%LOCALAPPDATA%\\PZP Desktop\\audit.jsonl``, macOS
    ``~/Library/Logs/PZP Desktop/audit.jsonl``. The configuration may name another path
    (pass it to :class:`AuditLog`).

Concurrency
    :meth:`AuditLog.record` is thread-safe (a lock per log file in this process) and takes an
    exclusive OS lock on the file while it reads the previous line's hash and appends, so
    several app instances can share one file without breaking the chain.

Errors
    :class:`AuditLogError` (with a Dutch :attr:`~AuditLogError.user_message`) when the log
    cannot be written: the caller decides what the user may still do. Sending AuditEvents
    never raises. Nothing here writes patient data to the application log.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import socket
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from pzp_desktop import __version__
from pzp_desktop.fhir.audit import (
    AuditAction,
    AuditActor,
    AuditOutcome,
    AuditRecorded,
    build_audit_event,
    record_audit_event,
)
from pzp_desktop.fhir.client import FhirClient

__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "AuditKeyUnavailable",
    "AuditLog",
    "AuditLogError",
    "AuditPatient",
    "ChainProblem",
    "ChainReport",
    "HmacKeyProvider",
    "KeyringHmacKey",
    "LogAction",
    "Outcome",
    "PatientInSource",
    "StaticHmacKey",
    "bsn_hmac",
    "default_audit_path",
    "key_id",
    "record_and_send",
    "send_audit_events",
    "verify",
]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
GENESIS_HASH = "0" * 64
APP_DIR_NAME = "PZP Desktop"
LINUX_DIR_NAME = "pzp-desktop"
FILE_NAME = "audit.jsonl"

KEYRING_SERVICE = "PZP Desktop"
KEYRING_ACCOUNT = "audit-log-bsn-hmac-key"
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"

REQUIRED_FIELDS = (
    "v",
    "id",
    "when",
    "who",
    "role",
    "organisation",
    "workstation",
    "application",
    "patient",
    "action",
    "sources",
    "outcome",
    "prev",
)

_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_REFERENCE = re.compile(r"^[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\-.]{1,64}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_TAIL_CHUNK = 8192


# -- errors ----------------------------------------------------------------------------------


class AuditLogError(Exception):
    """The local audit log could not be written (or created)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"audit log {path}: {reason}")

    @property
    def user_message(self) -> str:
        return (
            f"Het auditlog kan niet worden geschreven ({self.path}: {self.reason}). "
            "Neem contact op met uw applicatiebeheerder."
        )


class AuditKeyUnavailable(Exception):
    """The installation's HMAC key could not be read from (or stored in) the OS keyring."""


# -- what is logged --------------------------------------------------------------------------


class LogAction(Enum):
    """What the user (or the application on their behalf) did."""

    OPEN_PATIENT = "open-patient"
    VIEW = "view"
    PRINT = "print"
    EXPORT_PDF = "export-pdf"
    WRITE = "write"
    UPDATE = "update"
    #: The result of sending an event's AuditEvent to a source (``refers_to`` the event).
    SEND_AUDIT_EVENT = "send-audit-event"

    @property
    def fhir_action(self) -> AuditAction | None:
        """The AuditEvent action sent to the source (``None``: nothing is sent)."""
        return _FHIR_ACTIONS.get(self)


_FHIR_ACTIONS: dict[LogAction, AuditAction] = {
    LogAction.OPEN_PATIENT: AuditAction.OPEN_PATIENT,
    LogAction.VIEW: AuditAction.VIEW,
    LogAction.PRINT: AuditAction.PRINT,
    LogAction.EXPORT_PDF: AuditAction.PRINT,
    LogAction.WRITE: AuditAction.WRITE,
    LogAction.UPDATE: AuditAction.UPDATE,
}


class Outcome(Enum):
    SUCCESS = "success"
    FAILURE = "failure"
    SKIPPED = "skipped"  # e.g. an AuditEvent not sent because the source does not take them

    @property
    def fhir_outcome(self) -> AuditOutcome:
        if self is Outcome.FAILURE:
            return AuditOutcome.SERIOUS_FAILURE
        if self is Outcome.SKIPPED:
            return AuditOutcome.MINOR_FAILURE
        return AuditOutcome.SUCCESS


@dataclass(frozen=True, slots=True)
class PatientInSource:
    """The patient's logical reference in one source: ``("Ziekenhuis X", "Patient/123")``."""

    source: str
    reference: str

    def __post_init__(self) -> None:
        if not _REFERENCE.match(self.reference):
            raise ValueError("a patient reference must be of the form Type/id")


@dataclass(frozen=True, slots=True)
class AuditPatient:
    """The patient an event concerns. The BSN is held in memory only: the log gets its HMAC."""

    in_sources: tuple[PatientInSource, ...] = ()
    bsn: str | None = field(default=None, repr=False)

    def reference_in(self, source: str) -> str | None:
        return next((p.reference for p in self.in_sources if p.source == source), None)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An event as written (``line_hash`` is the SHA-256 of its line)."""

    id: str
    when: datetime
    actor: AuditActor
    action: LogAction
    patient: AuditPatient | None
    sources: tuple[str, ...]
    outcome: Outcome
    code: str
    line_hash: str


# -- the key for the BSN's HMAC ---------------------------------------------------------------


class HmacKeyProvider(Protocol):
    def key(self) -> bytes:
        """The key; raises :class:`AuditKeyUnavailable` when there is none."""
        ...


@dataclass(frozen=True)
class StaticHmacKey:
    """A fixed key (tests; or a key provisioned by the installation's own means)."""

    value: bytes = field(repr=False)

    def key(self) -> bytes:
        if len(self.value) < 32:
            raise AuditKeyUnavailable("the HMAC key must be at least 32 bytes")
        return self.value


class KeyringHmacKey:
    """A random 256-bit key per installation (per OS user) in the OS keyring, created on
    first use. Cached in memory once read."""

    def __init__(self, service: str = KEYRING_SERVICE, account: str = KEYRING_ACCOUNT) -> None:
        self._service = service
        self._account = account
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def key(self) -> bytes:
        with self._lock:
            if self._key is None:
                self._key = self._load_or_create()
            return self._key

    def _load_or_create(self) -> bytes:
        try:
            import keyring

            stored = keyring.get_password(self._service, self._account)
            if stored is None:
                encoded = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
                keyring.set_password(self._service, self._account, encoded)
                # Another instance may have stored its key at the same time: use what is kept.
                stored = keyring.get_password(self._service, self._account) or encoded
            value = base64.b64decode(stored, validate=True)
        except Exception as exc:  # no backend, locked keyring, malformed entry, …
            raise AuditKeyUnavailable(type(exc).__name__) from None
        if len(value) < 32:
            raise AuditKeyUnavailable("the stored HMAC key is too short")
        return value


def bsn_hmac(bsn: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the BSN as a FHIR identifier token, with the installation key."""
    token = f"{BSN_SYSTEM}|{bsn.strip()}".encode()
    return hmac.new(key, token, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A short, non-secret name of a key (to recognise a rotated key)."""
    return hashlib.sha256(b"pzp-desktop-audit-key-id|" + key).hexdigest()[:16]


# -- location --------------------------------------------------------------------------------


def default_audit_path(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """The documented default location of the audit log on this OS (see the module doc)."""
    platform = sys.platform if platform is None else platform
    env = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME / FILE_NAME
    if platform == "darwin":
        return home / "Library" / "Logs" / APP_DIR_NAME / FILE_NAME
    state = env.get("XDG_STATE_HOME")
    # The XDG spec: relative paths are invalid and must be ignored.
    base_dir = Path(state) if state and Path(state).is_absolute() else home / ".local" / "state"
    return base_dir / LINUX_DIR_NAME / FILE_NAME


# -- file locking ----------------------------------------------------------------------------

_PROCESS_LOCKS: dict[str, threading.Lock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


def _process_lock(path: Path) -> threading.Lock:
    key = os.path.normcase(str(path))
    with _PROCESS_LOCKS_GUARD:
        return _PROCESS_LOCKS.setdefault(key, threading.Lock())


@contextlib.contextmanager
def _os_lock(fd: int, path: Path) -> Iterator[None]:
    """An exclusive lock between processes for the duration of one append."""
    if sys.platform == "win32":
        import msvcrt

        # Lock a sidecar file: byte-range locks on the log itself would conflict with
        # appends.
        lock_fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT | os.O_BINARY, 0o600)
        try:
            msvcrt.locking(lock_fd, msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                os.lseek(lock_fd, 0, os.SEEK_SET)
                msvcrt.locking(lock_fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(lock_fd)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def _tail(path: Path) -> tuple[str, bool]:
    """The hash of the last line (:data:`GENESIS_HASH` for an empty file) and whether the
    file lacks its final newline (a line torn by a crash)."""
    with open(path, "rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end == 0:
            return GENESIS_HASH, False
        handle.seek(end - 1)
        torn = handle.read(1) != b"\n"
        stop = end if torn else end - 1  # the last line is bytes [.., stop)
        start = stop
        buffer = b""  # bytes [start, stop)
        while start > 0:
            step = min(_TAIL_CHUNK, start)
            start -= step
            handle.seek(start)
            buffer = handle.read(step) + buffer
            newline = buffer.rfind(b"\n")
            if newline >= 0:
                return _line_hash(buffer[newline + 1 :]), torn
        return _line_hash(buffer), torn


def _fsync_directory(directory: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# -- the log ---------------------------------------------------------------------------------


class AuditLog:
    """The local append-only audit log at ``path`` (see the module docstring).

    The file and its directory are created when missing; :class:`AuditLogError` at once when
    that is impossible, so that a misconfiguration shows at start-up, not at the first event.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        key_provider: HmacKeyProvider | None = None,
        workstation: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._path = Path(path).expanduser()
        self._keys: HmacKeyProvider = key_provider or KeyringHmacKey()
        self._workstation = workstation or socket.gethostname()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = _process_lock(self._path.absolute())
        self._key_warning_logged = False
        self._prepare()

    @property
    def path(self) -> Path:
        return self._path

    def _prepare(self) -> None:
        directory = self._path.parent
        try:
            if not directory.is_dir():
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if self._path.exists() and not self._path.is_file():
                raise IsADirectoryError(21, "geen bestand")
            existed = self._path.exists()
            fd = os.open(self._path, _APPEND_FLAGS, 0o600)
            os.close(fd)
            if not existed:
                _fsync_directory(directory)
        except OSError as exc:
            raise AuditLogError(self._path, _reason(exc)) from None

    def record(
        self,
        *,
        actor: AuditActor,
        action: LogAction,
        patient: AuditPatient | None,
        sources: Sequence[str] = (),
        outcome: Outcome = Outcome.SUCCESS,
        code: str = "ok",
        refers_to: str | None = None,
    ) -> AuditEntry:
        """Append one event and ``fsync`` it; the written entry.

        ``code`` is a short machine code (``ok``, ``unreachable``, ``not-found``, …;
        ``[a-z0-9._-]``, at most 64 characters): never a message, which could carry patient
        data. Raises :class:`AuditLogError` when the file cannot be written, ``ValueError``
        for a malformed ``code`` or ``refers_to``.
        """
        if not _CODE.match(code):
            raise ValueError("an outcome code is a short machine code ([a-z0-9._-])")
        if refers_to is not None:
            uuid.UUID(refers_to)  # ValueError when it is not an event id
        when = self._clock().astimezone(UTC)
        event_id = str(uuid.uuid4())
        body: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "id": event_id,
            "when": when.isoformat(timespec="microseconds").replace("+00:00", "Z"),
            "who": _who(actor),
            "role": _coding(actor),
            "organisation": _organisation(actor),
            "workstation": actor.workstation or self._workstation,
            "application": f"PZP Desktop {__version__}",
            "patient": self._patient(patient),
            "action": action.value,
            "sources": list(dict.fromkeys(sources)),
            "outcome": {"result": outcome.value, "code": code},
        }
        if refers_to is not None:
            body["refers_to"] = refers_to
        line_hash = self._append(body)
        return AuditEntry(
            id=event_id,
            when=when,
            actor=actor,
            action=action,
            patient=patient,
            sources=tuple(body["sources"]),
            outcome=outcome,
            code=code,
            line_hash=line_hash,
        )

    def _patient(self, patient: AuditPatient | None) -> dict[str, Any] | None:
        if patient is None:
            return None
        out: dict[str, Any] = {
            "references": [
                {"source": p.source, "reference": p.reference} for p in patient.in_sources
            ],
            "bsn_hmac": None,
        }
        if patient.bsn:
            try:
                key = self._keys.key()
            except AuditKeyUnavailable:
                if not self._key_warning_logged:
                    log.warning("Auditlog: geen sleutel in de sleutelbos; BSN-HMAC weggelaten")
                    self._key_warning_logged = True
                out["bsn_hmac_status"] = "key-unavailable"
            else:
                out["bsn_hmac"] = bsn_hmac(patient.bsn, key)
                out["bsn_key_id"] = key_id(key)
        return out

    def _append(self, body: dict[str, Any]) -> str:
        with self._lock:
            try:
                existed = self._path.exists()
                fd = os.open(self._path, _APPEND_FLAGS, 0o600)
                try:
                    with _os_lock(fd, self._path):
                        previous, torn = _tail(self._path)
                        line = json.dumps(
                            {**body, "prev": previous}, ensure_ascii=False, separators=(",", ":")
                        ).encode("utf-8")
                        data = (b"\n" if torn else b"") + line + b"\n"
                        _write_all(fd, data)
                        os.fsync(fd)
                finally:
                    os.close(fd)
                if not existed:
                    _fsync_directory(self._path.parent)
            except OSError as exc:
                log.error("Auditlog kan niet worden geschreven: %s", _reason(exc))
                raise AuditLogError(self._path, _reason(exc)) from None
            return _line_hash(line)


_APPEND_FLAGS = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _who(actor: AuditActor) -> dict[str, Any]:
    return {"id": actor.user_id, "system": actor.user_id_system, "display": actor.user_name}


def _coding(actor: AuditActor) -> dict[str, Any] | None:
    role = actor.role
    if role is None:
        return None
    return {"system": role.system, "code": role.code, "display": role.display}


def _organisation(actor: AuditActor) -> dict[str, Any] | None:
    if not (actor.organisation_id or actor.organisation_name):
        return None
    return {
        "id": actor.organisation_id,
        "system": actor.organisation_id_system,
        "display": actor.organisation_name,
    }


# -- verifying -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainProblem:
    line: int  # 1-based
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of :func:`verify`: ``ok`` when every line is intact and chained."""

    lines: int
    problems: tuple[ChainProblem, ...]
    last_hash: str  # of the last line (GENESIS_HASH for an empty log): note it to anchor

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path | str) -> ChainReport:
    """Check every line of the audit log at ``path``: valid JSON with the NEN 7513 fields,
    and ``prev`` equal to the SHA-256 of the line before it. ``OSError`` when the file cannot
    be read."""
    problems: list[ChainProblem] = []
    expected = GENESIS_HASH
    count = 0
    with open(path, "rb") as handle:
        data = handle.read()
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    elif raw_lines:
        problems.append(ChainProblem(len(raw_lines), "de laatste regel is niet afgesloten"))
    for number, raw in enumerate(raw_lines, start=1):
        count = number
        try:
            event = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            problems.append(ChainProblem(number, "geen geldige JSON"))
            expected = _line_hash(raw)
            continue
        if not isinstance(event, dict):
            problems.append(ChainProblem(number, "geen JSON-object"))
        else:
            missing = [name for name in REQUIRED_FIELDS if name not in event]
            if missing:
                problems.append(ChainProblem(number, f"velden ontbreken: {', '.join(missing)}"))
            previous = event.get("prev")
            if not isinstance(previous, str) or not _HASH.match(previous):
                problems.append(ChainProblem(number, "geen geldige hash van de vorige regel"))
            elif previous != expected:
                where = "de eerste regel" if number == 1 else f"regel {number - 1}"
                problems.append(
                    ChainProblem(
                        number,
                        f"keten verbroken: {where} is gewijzigd, of er zijn regels "
                        "ingevoegd of verwijderd",
                    )
                )
        expected = _line_hash(raw)
    return ChainReport(lines=count, problems=tuple(problems), last_hash=expected)


# -- sending AuditEvents to the sources ------------------------------------------------------


def send_audit_events(
    audit_log: AuditLog, entry: AuditEntry, clients: Mapping[str, FhirClient]
) -> dict[str, AuditRecorded]:
    """Send ``entry`` as a FHIR AuditEvent to each source it concerns that has a client and
    knows the patient; record each result locally (``send-audit-event``). Never raises.

    Blocking network I/O: call it from a worker thread, never from the GUI thread.
    """
    results: dict[str, AuditRecorded] = {}
    fhir_action = entry.action.fhir_action
    if fhir_action is None or entry.patient is None:
        return results
    for source in entry.sources:
        client = clients.get(source)
        reference = entry.patient.reference_in(source)
        if client is None or reference is None:
            continue
        try:
            event = build_audit_event(
                actor=entry.actor,
                action=fhir_action,
                patient_reference=reference,
                source=source,
                outcome=entry.outcome.fhir_outcome,
                when=entry.when,
            )
            result = record_audit_event(client, event)
        except Exception as exc:  # record_audit_event never raises; a bug here must not either
            log.error("AuditEvent opbouwen of versturen mislukt: %s", type(exc).__name__)
            result = AuditRecorded.FAILED
        results[source] = result
        if result is AuditRecorded.SENT:
            outcome = Outcome.SUCCESS
        elif result is AuditRecorded.FAILED:
            outcome = Outcome.FAILURE
            log.warning("AuditEvent niet bij de bron vastgelegd: %s", source)
        else:
            outcome = Outcome.SKIPPED
        # A local failure is already logged by AuditLog; sending must never block the user.
        with contextlib.suppress(AuditLogError):
            audit_log.record(
                actor=entry.actor,
                action=LogAction.SEND_AUDIT_EVENT,
                patient=AuditPatient((PatientInSource(source, reference),)),
                sources=[source],
                outcome=outcome,
                code=result.value,
                refers_to=entry.id,
            )
    return results


def record_and_send(
    audit_log: AuditLog,
    clients: Mapping[str, FhirClient],
    *,
    actor: AuditActor,
    action: LogAction,
    patient: AuditPatient | None,
    sources: Sequence[str] = (),
    outcome: Outcome = Outcome.SUCCESS,
    code: str = "ok",
) -> AuditEntry:
    """:meth:`AuditLog.record` then :func:`send_audit_events` (from a worker thread).
    Raises :class:`AuditLogError` only when the local log cannot be written."""
    entry = audit_log.record(
        actor=actor, action=action, patient=patient, sources=sources, outcome=outcome, code=code
    )
    send_audit_events(audit_log, entry, clients)
    return entry

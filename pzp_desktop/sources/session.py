"""What one run of PZP Desktop works with: mode, user, sources and the patient (no Qt).

A :class:`Session` is built once the app knows who is working and for which patient:

* **training** (``--demo``): :func:`training_session` / :meth:`TrainingEnvironment.session_for`
  — the three simulated sources of :mod:`pzp_desktop.sources.training`, each a real
  :class:`~pzp_desktop.fhir.client.FhirClient` whose transport is an in-memory FHIR server,
  so the same query planning, reading and consolidation run as with a real source;
* **launched** (SMART EHR launch) and **standalone** (a configured FHIR base + BSN): built by
  the launch code with :class:`Session` directly.

:func:`load_patient` is *the* way to read a patient: all sources in parallel
(:func:`~pzp_desktop.sources.fetch.fetch_sources`), then one overview and one history
(:func:`~pzp_desktop.sources.patient_data.combine`). It blocks on the network, so the GUI
only ever calls it from a worker thread.

:func:`record_audit` writes the NEN 7513 record of a user action (opening a patient,
viewing, printing, PDF export) through :mod:`pzp_desktop.sources.audit_log`: one event in the
local append-only audit log, and an AuditEvent to every source that holds the patient and
accepts them (never in view-only mode), whose result is logged locally too. It blocks on the
network too.

Training mode and the audit trail (decision)
--------------------------------------------
Training uses the same audit code path, but nothing of it outlives the run: AuditEvents go to
the in-memory training sources (rebuilt on reset, gone at exit), and the local audit log of a
training session is a file in a fresh temporary directory that :meth:`Session.close` removes,
with a random per-session key for the BSN's HMAC (the installation's key in the OS keyring is
not touched).
Fictitious patients therefore never appear in the real NEN 7513 log that an organisation's
privacy officer reviews, and a trainer's machine keeps no trace of the exercise.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path

from pzp_desktop import describe_exception
from pzp_desktop.domain.codes import UZI_ROLE, Coding
from pzp_desktop.fhir.audit import AuditActor
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.sources.audit_log import (
    AuditEntry,
    AuditLog,
    AuditPatient,
    LogAction,
    Outcome,
    PatientInSource,
    StaticHmacKey,
    record_and_send,
)
from pzp_desktop.sources.fetch import PatientQuery, Source, SourceResult, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, SourceReader
from pzp_desktop.sources.training import (
    PATIENTS,
    TRAINING_SOURCES,
    TRAINING_USER_ROLE,
    TrainingPatient,
    build_training_servers,
    patient_id,
)

__all__ = [
    "TRAINING_USER",
    "Session",
    "SessionMode",
    "SessionUser",
    "TrainingEnvironment",
    "audit_patient",
    "launched_session",
    "load_patient",
    "record_audit",
    "training_patient",
    "training_session",
]

log = logging.getLogger(__name__)

SourcePair = tuple[Source, FhirClient]


class SessionMode(Enum):
    """How the app was started (shown in the window, decides what is allowed)."""

    TRAINING = "training"  # --demo: fictitious patients, nothing leaves the machine
    LAUNCHED = "launched"  # SMART EHR launch from the clinician's own system
    STANDALONE = "standalone"  # a configured FHIR base and a BSN, or a standalone launch


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The clinician working with the app, as shown in the window and in audit records."""

    display: str  # "A. Jansen"
    role: str  # "Huisarts" (shown)
    organisation: str  # "Huisartsenpraktijk De Linde" (shown)
    user_id: str = ""
    user_id_system: str | None = None
    role_code: Coding | None = None  # e.g. UZI role 01.015
    organisation_id: str | None = None
    organisation_id_system: str | None = None
    #: ``fhirUser`` relative to the launching source (``PractitionerRole/<id>`` or
    #: ``Practitioner/<id>``); a PractitionerRole becomes the professional of a conversation
    #: recorded in the editor.
    fhir_user: str | None = None

    def audit_actor(self) -> AuditActor:
        return AuditActor(
            user_id=self.user_id or self.display,
            user_id_system=self.user_id_system,
            user_name=self.display,
            role=self.role_code,
            organisation_id=self.organisation_id,
            organisation_id_system=self.organisation_id_system,
            organisation_name=self.organisation,
        )


#: The (fictitious) user of the training environment.
TRAINING_USER = SessionUser(
    display="Oefengebruiker",
    role="Arts",
    organisation="Oefenomgeving PZP Desktop",
    user_id="oefengebruiker",
    role_code=Coding(UZI_ROLE, "01.000", "Arts"),
    fhir_user=TRAINING_USER_ROLE,
)


# --------------------------------------------------------------------------------------
# Training environment
# --------------------------------------------------------------------------------------


def training_patient(key: str) -> TrainingPatient:
    """The fictitious patient with this key (``"devries"``, ``"mulder"``, …)."""
    for patient in PATIENTS:
        if patient.key == key:
            return patient
    raise KeyError(f"no training patient {key!r}")


class TrainingEnvironment:
    """The simulated sources of training mode, built on first use and rebuilt by
    :meth:`reset`. Thread-safe: sessions are opened from worker threads (building the
    sources takes about a second, so never on the GUI thread)."""

    def __init__(self, today: date | None = None) -> None:
        self._today = today
        self._lock = threading.Lock()
        self._pairs: list[SourcePair] | None = None
        self._servers: dict[str, InMemoryFhirServer] = {}
        #: The hospital EPD plays the launching (primary) system.
        self.sources: tuple[Source, ...] = tuple(
            Source(source.name, source.base_url, primary=index == 0)
            for index, source in enumerate(TRAINING_SOURCES)
        )
        self.patients: tuple[TrainingPatient, ...] = PATIENTS

    @property
    def built(self) -> bool:
        return self._pairs is not None

    def pairs(self) -> list[SourcePair]:
        """The sources with their clients (building the in-memory servers if needed)."""
        with self._lock:
            if self._pairs is None:
                self._pairs, self._servers = self._build()
            return list(self._pairs)

    def servers(self) -> dict[str, InMemoryFhirServer]:
        """The in-memory server behind each source, by source name."""
        self.pairs()
        with self._lock:
            return dict(self._servers)

    def _build(self) -> tuple[list[SourcePair], dict[str, InMemoryFhirServer]]:
        by_url = build_training_servers(self._today)
        pairs = [
            (source, FhirClient(source.base_url, transport=by_url[source.base_url]))
            for source in self.sources
        ]
        return pairs, {source.name: by_url[source.base_url] for source in self.sources}

    def reset(self) -> None:
        """Throw away everything recorded while training and start again from the
        original fictitious data. Clients handed out before keep their old (discarded)
        servers, so a load that is still running cannot see half-reset data."""
        pairs, servers = self._build()
        with self._lock:
            self._pairs, self._servers = pairs, servers

    def query_for(self, patient_key: str) -> PatientQuery:
        """How each source knows the patient: its own id per source, and the BSN."""
        patient = training_patient(patient_key)
        return PatientQuery(
            bsn=patient.bsn,
            patient_ids={source.name: patient_id(patient, source) for source in TRAINING_SOURCES},
        )

    def session_for(self, patient_key: str) -> Session:
        """A training session for one fictitious patient (may build the sources)."""
        training_patient(patient_key)  # KeyError early for an unknown key
        self.pairs()
        audit_log, directory = _temporary_audit_log()
        return Session(
            mode=SessionMode.TRAINING,
            user=TRAINING_USER,
            view_only=False,
            query=self.query_for(patient_key),
            training=self,
            patient_key=patient_key,
            audit_log=audit_log,
            owned_directory=directory,
        )


def training_session(
    patient_key: str, *, environment: TrainingEnvironment | None = None
) -> Session:
    """A session on the training sources for the fictitious patient ``patient_key``."""
    return (environment or TrainingEnvironment()).session_for(patient_key)


# --------------------------------------------------------------------------------------
# Session
# --------------------------------------------------------------------------------------


@dataclass(eq=False)
class Session:
    """Everything a run of the app works with for one patient.

    ``fixed_sources`` are the (Source, FhirClient) pairs of a launched or standalone session;
    a training session takes them from its :class:`TrainingEnvironment` instead, so that
    they follow a :meth:`reset`.
    """

    mode: SessionMode
    user: SessionUser
    view_only: bool
    query: PatientQuery
    fixed_sources: Sequence[SourcePair] = ()
    training: TrainingEnvironment | None = None
    #: The fictitious patient of a training session.
    patient_key: str | None = None
    #: The local audit log (NEN 7513); the launch code passes the installation's log.
    audit_log: AuditLog | None = None
    #: A temporary directory this session owns (the training audit log); removed by close().
    owned_directory: Path | None = field(default=None, repr=False)

    @property
    def is_training(self) -> bool:
        return self.mode is SessionMode.TRAINING

    @property
    def sources(self) -> list[SourcePair]:
        if self.training is not None:
            return self.training.pairs()
        return list(self.fixed_sources)

    @property
    def source_list(self) -> list[Source]:
        """The sources without touching their clients (cheap; for the GUI's status list)."""
        if self.training is not None:
            return list(self.training.sources)
        return [source for source, _client in self.fixed_sources]

    def reset(self) -> None:
        """Training only: rebuild the training sources from the original data."""
        if self.training is None:
            raise RuntimeError("only a training session can be reset")
        self.training.reset()

    def close(self) -> None:
        """Close the clients of a launched/standalone session and remove what the session
        owns on disk. Training clients belong to the environment and stay open."""
        if self.training is None:
            for _source, client in self.fixed_sources:
                client.close()
        if self.owned_directory is not None:
            shutil.rmtree(self.owned_directory, ignore_errors=True)
            self.owned_directory = None


def launched_session(
    launching: SourcePair,
    *,
    patient_id: str | None,
    user: SessionUser,
    view_only: bool,
    audit_log: AuditLog | None,
    bsn: str | None = None,
    standalone: bool = False,
    extra_sources: Sequence[SourcePair] = (),
) -> Session:
    """A session for a real patient: the launching source (primary; it knows the patient
    by ``patient_id``) and the configured extra sources (they find the patient by
    ``bsn``). The clients must already be read-only when ``view_only``.

    The launch code calls this with what the launch context says; :class:`Session` can be
    built directly for anything else.
    """
    source, client = launching
    primary = dataclasses.replace(source, primary=True, read_only=source.read_only or view_only)
    extras = [
        (dataclasses.replace(s, primary=False, read_only=s.read_only or view_only), c)
        for s, c in extra_sources
    ]
    patient_ids = {primary.name: patient_id} if patient_id else {}
    return Session(
        mode=SessionMode.STANDALONE if standalone else SessionMode.LAUNCHED,
        user=user,
        view_only=view_only,
        query=PatientQuery(bsn=bsn, patient_ids=patient_ids),
        fixed_sources=[(primary, client), *extras],
        audit_log=audit_log,
    )


def _temporary_audit_log() -> tuple[AuditLog | None, Path | None]:
    """The local audit log of a training session: a file in a fresh temporary directory
    with a random key for the BSN's HMAC (never the installation's key in the OS keyring),
    so the code path is the real one and nothing outlives the session (module docstring)."""
    directory = Path(tempfile.mkdtemp(prefix="pzp-oefen-audit-"))
    try:
        audit_log = AuditLog(
            directory / "audit.jsonl", key_provider=StaticHmacKey(secrets.token_bytes(32))
        )
    except Exception as exc:
        log.error("Oefen-auditlog niet aangemaakt: %s", describe_exception(exc))
        shutil.rmtree(directory, ignore_errors=True)
        return None, None
    return audit_log, directory


# --------------------------------------------------------------------------------------
# Loading and auditing (both block: call them from a worker thread)
# --------------------------------------------------------------------------------------


def load_patient(
    session: Session,
    on_source_finished: Callable[[SourceResult], None] | None = None,
) -> PatientData:
    """Fetch the patient from every source of ``session`` in parallel and combine them.

    ``on_source_finished`` is called from a worker thread as soon as each source is done;
    right after it the source is read in that thread (:class:`SourceReader`), so its
    fetched resources are released while the other sources are still being fetched.
    """
    reader = SourceReader()

    def finished(result: SourceResult) -> None:
        if on_source_finished is not None:
            on_source_finished(result)
        reader.read(result)

    results = fetch_sources(session.sources, session.query, on_finished=finished)
    return reader.combine(results)


def audit_patient(session: Session, data: PatientData | None) -> AuditPatient | None:
    """The patient as the audit log identifies them: their reference in each source that
    found them, and the BSN (the log keeps only its keyed hash)."""
    if data is None:
        return None
    in_sources = tuple(
        PatientInSource(result.source.name, f"Patient/{result.patient_id}")
        for result in data.results
        if result.ok and result.patient_id
    )
    patient = data.patient
    bsn = session.query.bsn or (patient.bsn if patient is not None else None)
    return AuditPatient(in_sources, bsn=bsn)


def record_audit(
    session: Session,
    action: LogAction,
    data: PatientData | None,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    code: str = "ok",
) -> AuditEntry | None:
    """Record ``action`` on the session's patient: a line in the local audit log and an
    AuditEvent to every source that holds the patient and accepts AuditEvents (never in
    view-only mode). Blocking (network): call it from a worker thread.

    Returns the local entry (``None`` when the session has no local log, which only a test
    set-up does). Raises :class:`~pzp_desktop.sources.audit_log.AuditLogError` when the
    local log cannot be written: the caller must tell the user.
    """
    patient = audit_patient(session, data)
    if session.audit_log is None:
        log.warning("Geen lokaal auditlog in deze sessie; actie niet vastgelegd")
        return None
    sources = [p.source for p in patient.in_sources] if patient else []
    clients = {} if session.view_only else {s.name: c for s, c in session.sources}
    return record_and_send(
        session.audit_log,
        clients,
        actor=session.user.audit_actor(),
        action=action,
        patient=patient,
        sources=sources,
        outcome=outcome,
        code=code,
    )

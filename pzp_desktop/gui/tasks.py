"""Background work: everything that can wait on the network runs here, never on the GUI thread.

One mechanism (house style): a :class:`TaskRunner` runs a plain function in a
``QThreadPool`` and hands its result (or exception) back to the GUI thread through a Qt signal
(queued across threads). On top of it:

* :class:`Generation` — a counter that says which patient context is current. A task is
  started with the generation of its context; when its result arrives and the context has
  moved on (another patient was opened, or the same one refreshed), the result is dropped.
* :class:`BusyIndicator` — "busy" is reported only after about 300 ms, so fast work does
  not flicker a busy cursor, and slow work is never silent.
* :class:`PatientLoader` — the operation "open / refresh a patient": per-source progress
  (``source_finished``), ``patient_loaded`` at the end, stale results dropped.

Data flows one way: user action → operation (``PatientLoader.load``) → background task →
result signal → model → view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from pzp_desktop import describe_exception
from pzp_desktop.sources.fetch import Source, SourceResult
from pzp_desktop.sources.patient_data import PatientData
from pzp_desktop.sources.session import Session, load_patient

__all__ = [
    "BUSY_DELAY_MS",
    "BusyIndicator",
    "Generation",
    "PatientLoader",
    "TaskRunner",
]

log = logging.getLogger(__name__)

#: After this long, work in progress shows a busy cursor and indicator.
BUSY_DELAY_MS = 300


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits on it and Qt queues the call across.

    The callbacks are called from this object's own slots (bound methods of a QObject in the
    GUI thread), never from a lambda connected directly, which Qt could run in the worker.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._on_done = on_done
        self._on_failed = on_failed
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    def _deliver_result(self, result: object) -> None:
        self._runner._release(self)
        self._on_done(result)

    def _deliver_error(self, exc: BaseException) -> None:
        self._runner._release(self)
        self._on_failed(exc)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            log.error("Achtergrondtaak mislukt: %s", describe_exception(exc))
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs functions in a thread pool; callbacks run in the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work()`` in a worker thread, then ``on_done(result)`` or
        ``on_failed(exception)`` in the GUI thread."""
        relay = _Relay(self, on_done, on_failed)
        self._relays.add(relay)
        self._pool.start(_Job(work, relay))

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    @property
    def active(self) -> int:
        """How many tasks are queued or running."""
        return len(self._relays)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every task ended (at shutdown); False on timeout."""
        return bool(self._pool.waitForDone(msecs))


class Generation:
    """The current context (patient) number; results of older generations are stale."""

    def __init__(self) -> None:
        self._value = 0

    @property
    def value(self) -> int:
        return self._value

    def next(self) -> int:
        self._value += 1
        return self._value

    def is_current(self, generation: int) -> bool:
        return generation == self._value


class BusyIndicator(QObject):
    """Reports ``busy_changed(True)`` once work has run for :data:`BUSY_DELAY_MS`, and
    ``busy_changed(False)`` when it ends (only if it had reported busy)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, delay_ms: int = BUSY_DELAY_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_delay_elapsed)
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        if not self._busy:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._busy:
            self._busy = False
            self.busy_changed.emit(False)

    def _on_delay_elapsed(self) -> None:
        self._busy = True
        self.busy_changed.emit(True)


class PatientLoader(QObject):
    """Opens and refreshes a patient in the background.

    ``load(open_session, sources)``: ``open_session()`` runs in a worker thread (it may build
    the training sources) and returns the :class:`Session` to read; every source is then
    fetched in parallel. The signals below only ever carry results of the latest ``load``;
    everything of an earlier one is dropped.
    """

    #: The sources being read (all "loading" now).
    loading_started = Signal(object)  # list[Source]
    #: One source is done (its status and message), before the others.
    source_finished = Signal(object)  # SourceResult
    #: Everything is read and combined.
    patient_loaded = Signal(object, object)  # Session, PatientData
    #: The whole operation failed (not one source: that is a SourceResult status).
    loading_failed = Signal(object)  # BaseException
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._runner = runner or TaskRunner(self)
        self._generation = Generation()
        self._busy = BusyIndicator(self)
        self._busy.busy_changed.connect(self.busy_changed)
        self._loading = False
        self._progress = _SourceRelay(self)
        self._progress.finished.connect(self._on_source_finished)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def busy(self) -> bool:
        return self._busy.busy

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    def load(self, open_session: Callable[[], Session], sources: Sequence[Source]) -> int:
        """Start reading a patient; returns the generation of this load."""
        generation = self._generation.next()
        self._loading = True
        self.loading_started.emit(list(sources))
        self._busy.start()
        progress = self._progress

        def work() -> tuple[Session, PatientData]:
            session = open_session()
            data = load_patient(
                session,
                on_source_finished=lambda result: progress.finished.emit(generation, result),
            )
            return session, data

        self._runner.submit(
            work,
            on_done=lambda result: self._on_done(generation, result),
            on_failed=lambda exc: self._on_failed(generation, exc),
        )
        return generation

    def cancel(self) -> None:
        """Forget the running load (its results will be dropped)."""
        self._generation.next()
        self._finish()

    def _finish(self) -> None:
        self._loading = False
        self._busy.stop()

    def _on_source_finished(self, generation: int, result: SourceResult) -> None:
        if self._generation.is_current(generation):
            self.source_finished.emit(result)

    def _on_done(self, generation: int, result: tuple[Session, PatientData]) -> None:
        if not self._generation.is_current(generation):
            return
        self._finish()
        session, data = result
        self.patient_loaded.emit(session, data)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if not self._generation.is_current(generation):
            return
        self._finish()
        self.loading_failed.emit(exc)


class _SourceRelay(QObject):
    finished = Signal(int, object)  # generation, SourceResult

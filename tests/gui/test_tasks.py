"""Background work: results come back on the GUI thread, stale ones are dropped, and
"busy" only shows when work takes a while."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from pzp_desktop.gui.tasks import BUSY_DELAY_MS, BusyIndicator, Generation, TaskRunner

pytestmark = pytest.mark.gui


def test_work_runs_in_a_worker_and_the_result_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    worker: list[str] = []
    delivered: list[tuple[object, str]] = []

    def work() -> int:
        worker.append(threading.current_thread().name)
        return 42

    runner.submit(
        work,
        on_done=lambda result: delivered.append((result, threading.current_thread().name)),
        on_failed=lambda exc: delivered.append((exc, threading.current_thread().name)),
    )
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    assert delivered == [(42, threading.main_thread().name)]
    assert worker != [threading.main_thread().name]
    assert runner.active == 0


def test_a_failure_is_handed_over_not_raised(qtbot: QtBot) -> None:
    runner = TaskRunner()
    failures: list[BaseException] = []

    def work() -> None:
        raise ValueError("BSN 999990007")

    runner.submit(work, on_done=lambda _r: None, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValueError)


def test_generation() -> None:
    generation = Generation()
    first = generation.next()
    assert generation.is_current(first)
    second = generation.next()
    assert not generation.is_current(first)
    assert generation.is_current(second)


def test_busy_is_not_shown_for_fast_work(qtbot: QtBot) -> None:
    busy = BusyIndicator()
    with qtbot.assertNotEmitted(busy.busy_changed, wait=BUSY_DELAY_MS + 150):
        busy.start()
        busy.stop()
    assert not busy.busy


def test_busy_is_shown_after_the_delay_and_cleared(qtbot: QtBot) -> None:
    busy = BusyIndicator(delay_ms=BUSY_DELAY_MS)
    with qtbot.waitSignal(busy.busy_changed, timeout=5000) as shown:
        busy.start()
    assert shown.args == [True]
    with qtbot.waitSignal(busy.busy_changed, timeout=1000) as cleared:
        busy.stop()
    assert cleared.args == [False]

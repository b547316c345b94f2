"""One running instance: a second start hands its launch to the running app over a local
socket (two ends in this one test process; the blocking end runs in a worker thread)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.gui.launch_flow import attach_launch_flow
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.single_instance import (
    HANDED_OVER_MESSAGE_NL,
    HandoverResult,
    SingleInstanceServer,
    claim_single_instance,
    hand_over,
    server_name,
)
from pzp_desktop.launch.arguments import EhrLaunch, StandaloneBsn, Training
from pzp_desktop.launch.errors import HandoverError
from pzp_desktop.sources.session import TrainingEnvironment
from tests.gui.conftest import show_window

pytestmark = pytest.mark.gui

LAUNCH_VALUE = "launch-value-that-must-not-be-logged"
TIMEOUT_MS = 10_000


def unique_name() -> str:
    return f"pzp-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def server(qapp: QApplication) -> Iterator[SingleInstanceServer]:
    instance = SingleInstanceServer(unique_name())
    assert instance.listen()
    try:
        yield instance
    finally:
        instance.close()
        instance.deleteLater()


class InThread:
    """Runs a blocking call (the second start's end) in a worker thread."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self._call = call
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._call()
        except BaseException as exc:
            self.error = exc

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def value(self, qtbot: QtBot) -> Any:
        # The receiving end answers from this (GUI) thread's event loop: keep it running.
        qtbot.waitUntil(lambda: self.done, timeout=TIMEOUT_MS)
        if self.error is not None:
            raise self.error
        return self.result


def send_raw(name: str, data: bytes) -> bytes:
    """A misbehaving second start: sends ``data`` as it is and returns the answer. Waits in
    short slices: PySide6 keeps the GIL in ``waitFor…``, and the receiving end is Python in
    this same process."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    assert socket.waitForConnected(2000)
    socket.write(data)
    socket.flush()
    answer = b""
    deadline = time.monotonic() + 5
    while not answer.endswith(b"\n") and time.monotonic() < deadline:
        if socket.waitForReadyRead(10):
            answer += bytes(socket.readAll().data())
        time.sleep(0.002)
    socket.abort()
    return answer


def test_server_name_is_per_user_and_does_not_show_the_user_name() -> None:
    alice = server_name("alice", "/home/alice")
    assert alice == server_name("alice", "/home/alice")
    assert alice != server_name("bob", "/home/bob")
    assert alice.startswith("pzp-desktop-")
    assert "alice" not in alice
    assert len(alice) <= 40  # Unix socket paths are short


def test_a_second_start_hands_its_launch_over(
    qtbot: QtBot, server: SingleInstanceServer, caplog: pytest.LogCaptureFixture
) -> None:
    request = EhrLaunch("https://epd.example.nl/fhir", LAUNCH_VALUE)
    with (
        caplog.at_level(logging.DEBUG),
        qtbot.waitSignal(server.request_received, timeout=TIMEOUT_MS) as received,
    ):
        second = InThread(lambda: hand_over(server.name, request))
    assert received.args == [request]
    assert second.value(qtbot) is HandoverResult.ACCEPTED
    assert LAUNCH_VALUE not in caplog.text  # the line is never logged


def test_a_bsn_handover_arrives_validated(qtbot: QtBot, server: SingleInstanceServer) -> None:
    request = StandaloneBsn("https://his.example.nl/fhir", "999911120")
    with qtbot.waitSignal(server.request_received, timeout=TIMEOUT_MS) as received:
        second = InThread(lambda: hand_over(server.name, request))
    assert received.args == [request]
    assert second.value(qtbot) is HandoverResult.ACCEPTED


def test_an_unusable_line_is_rejected_not_obeyed(
    qtbot: QtBot, server: SingleInstanceServer, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[object] = []
    server.request_received.connect(received.append)
    # Plain http to another computer: refused exactly like on the command line.
    line = (
        b'{"v":1,"kind":"ehr","iss":"http://evil.example.nl/fhir","launch":"'
        + LAUNCH_VALUE.encode()
        + b'"}\n'
    )
    with (
        caplog.at_level(logging.DEBUG),
        qtbot.waitSignal(server.handover_rejected, timeout=TIMEOUT_MS) as rejected,
    ):
        second = InThread(lambda: send_raw(server.name, line))
    assert second.value(qtbot) == b"error\n"
    assert isinstance(rejected.args[0], HandoverError)
    assert "https://" in rejected.args[0].user_message  # says what is wrong, in Dutch
    assert received == []
    assert LAUNCH_VALUE not in caplog.text


def test_nobody_listening_means_this_start_is_the_first(qapp: QApplication) -> None:
    assert hand_over(unique_name(), Training()) is HandoverResult.NO_INSTANCE


def test_a_name_in_use_is_not_taken_over(server: SingleInstanceServer) -> None:
    other = SingleInstanceServer(server.name)
    assert not other.listen()  # the running instance answers: it stays the only one
    other.deleteLater()


def test_claim_hands_over_or_listens(
    qtbot: QtBot, server: SingleInstanceServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with qtbot.waitSignal(server.request_received, timeout=TIMEOUT_MS) as received:
        second = InThread(lambda: claim_single_instance(server.name, None))
    assert second.value(qtbot) == (None, 0)
    assert received.args == [Training()]
    assert capsys.readouterr().out.strip() == HANDED_OVER_MESSAGE_NL

    name = unique_name()
    first, exit_code = claim_single_instance(name, Training())
    assert exit_code is None
    assert first is not None
    assert first.listening
    first.close()
    first.deleteLater()


def test_a_second_demo_brings_the_training_window_to_the_front(
    qtbot: QtBot,
    styled_app: QApplication,
    training_environment: TrainingEnvironment,
    server: SingleInstanceServer,
) -> None:
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))
    flow = attach_launch_flow(window, None, None, instance=server)
    with qtbot.waitSignal(flow.raised_only, timeout=TIMEOUT_MS):
        second = InThread(lambda: hand_over(server.name, Training()))
    assert second.value(qtbot) is HandoverResult.ACCEPTED
    assert window.picker is not None
    assert window.picker.isVisible()  # nothing else changed

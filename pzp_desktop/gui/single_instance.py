"""One running instance (product brief §2): a second start hands its launch to the first.

On start the app tries to reach a local server named per user (:func:`server_name`,
``pzp-desktop-<hash of user and home directory>``):

* someone answers → :func:`hand_over` sends the launch request as one line
  (:func:`~pzp_desktop.launch.handover.encode_request`), waits for the running app's
  acknowledgement and the second process ends (exit code 0) with a short message;
* nobody answers → :class:`SingleInstanceServer` listens under that name, and every request
  another start hands over arrives as :attr:`SingleInstanceServer.request_received`.

The wire format (one JSON line, answered by ``ok`` or ``error``) is
:mod:`pzp_desktop.launch.handover`. The receiving side trusts nothing it reads: every line is
validated by :func:`~pzp_desktop.launch.handover.decode_request` exactly like the command
line. A line carries a launch value or a BSN, so it is never logged, not even when it is
rejected.

On Unix the socket gets user-only permissions (``UserAccessOption``); a socket file left
behind by a crashed instance is removed when nobody answers on it.

:func:`hand_over` blocks (at most a few seconds): it runs before the second app's event loop,
or in a worker thread in tests — never on the GUI thread of the app that listens.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from pzp_desktop.launch.arguments import LaunchRequest, Training
from pzp_desktop.launch.errors import HandoverError
from pzp_desktop.launch.handover import MAX_MESSAGE_BYTES, decode_request, encode_request

__all__ = [
    "ACCEPTED",
    "REJECTED",
    "HandoverResult",
    "SingleInstanceServer",
    "claim_single_instance",
    "hand_over",
    "server_name",
]

log = logging.getLogger(__name__)

SERVER_PREFIX = "pzp-desktop-"
CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 5000
#: A connection that sends no complete line within this time is dropped.
READ_TIMEOUT_MS = 5000

_SLICE_MS = 10
_PAUSE_S = 0.002

ACCEPTED = b"ok\n"
REJECTED = b"error\n"


class HandoverResult(Enum):
    """What became of a handover attempt."""

    #: No other instance is running: this process starts the app itself.
    NO_INSTANCE = "no-instance"
    #: The running app took the request.
    ACCEPTED = "accepted"
    #: The running app could not use the request (it says so itself).
    REJECTED = "rejected"
    #: Another instance is there but did not answer in time.
    NO_ANSWER = "no-answer"


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def server_name(user: str | None = None, home: Path | str | None = None) -> str:
    """The local server's name for this user (short: Unix socket paths are limited).

    The user's name is hashed, so it does not show in ``/tmp`` or the list of named pipes.
    """
    who = (
        f"{user if user is not None else _user_name()}|{home if home is not None else Path.home()}"
    )
    return SERVER_PREFIX + hashlib.sha256(who.encode("utf-8")).hexdigest()[:16]


def _poll(wait: Callable[[int], bool], timeout_ms: int) -> bool:
    """Call ``wait(ms)`` (a QLocalSocket ``waitFor…``) in short slices until it is True or
    ``timeout_ms`` passed. PySide6 keeps the GIL during ``waitFor…``: short slices with a
    pause between them let Python code in other threads (in tests: the receiving end in the
    same process) run meanwhile."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if wait(_SLICE_MS):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_PAUSE_S)


def hand_over(
    name: str,
    request: LaunchRequest,
    *,
    connect_timeout_ms: int = CONNECT_TIMEOUT_MS,
    answer_timeout_ms: int = ANSWER_TIMEOUT_MS,
) -> HandoverResult:
    """Give ``request`` to the instance listening as ``name``, if there is one (blocking)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not _poll(socket.waitForConnected, connect_timeout_ms):
        socket.abort()
        return HandoverResult.NO_INSTANCE
    answer = b""
    try:
        socket.write(encode_request(request))
        socket.flush()
        if not _poll(
            lambda ms: socket.bytesToWrite() == 0 or socket.waitForBytesWritten(ms),
            answer_timeout_ms,
        ):
            return HandoverResult.NO_ANSWER
        while not answer.endswith(b"\n") and len(answer) < 64:
            if socket.bytesAvailable() == 0 and not _poll(
                socket.waitForReadyRead, answer_timeout_ms
            ):
                break
            answer += bytes(socket.read(64 - len(answer)).data())
    finally:
        socket.abort()
    if answer == ACCEPTED:
        return HandoverResult.ACCEPTED
    if answer == REJECTED:
        return HandoverResult.REJECTED
    return HandoverResult.NO_ANSWER


class _Connection(QObject):
    """One incoming connection: reads one line, answers, closes."""

    def __init__(self, server: SingleInstanceServer, socket: QLocalSocket) -> None:
        super().__init__(server)
        self._server = server
        self._socket = socket
        self._buffer = bytearray()
        self._done = False
        socket.setParent(self)
        socket.readyRead.connect(self._on_ready_read)
        socket.disconnected.connect(self._on_disconnected)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._timer.start(READ_TIMEOUT_MS)
        if socket.bytesAvailable():  # arrived before readyRead was connected
            QTimer.singleShot(0, self._on_ready_read)

    def _on_ready_read(self) -> None:
        if self._done:
            return
        self._buffer += bytes(self._socket.readAll().data())
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                self._answer(None)
            return
        self._answer(bytes(self._buffer[: end + 1]))

    def _answer(self, line: bytes | None) -> None:
        self._done = True
        self._timer.stop()
        self._buffer.clear()
        request: LaunchRequest | None = None
        error: HandoverError | None = None
        try:
            if line is None:
                raise HandoverError()
            request = decode_request(line)
        except HandoverError as exc:
            error = exc
        # The line itself is never logged: it may hold a launch value or a BSN.
        self._socket.write(ACCEPTED if request is not None else REJECTED)
        self._socket.flush()
        self._socket.disconnectFromServer()
        if request is not None:
            log.info("Startgegevens van een tweede start ontvangen")
            self._server.request_received.emit(request)
        else:
            log.warning("Onbruikbare startgegevens van een tweede start genegeerd")
            self._server.handover_rejected.emit(error)

    def _on_timeout(self) -> None:
        if not self._done:
            self._done = True
            log.info("Een verbinding gaf geen startgegevens door; gesloten")
            self._socket.abort()
            self._finish()

    def _on_disconnected(self) -> None:
        self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        self._server._forget(self)
        self.deleteLater()


class SingleInstanceServer(QObject):
    """The running app's end: listens under :func:`server_name` (or ``name``)."""

    #: A second start handed over this (validated) launch request.
    request_received = Signal(object)  # LaunchRequest
    #: A second start handed over something unusable (a HandoverError, Dutch message).
    handover_rejected = Signal(object)  # HandoverError

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._connections: set[_Connection] = set()

    @property
    def name(self) -> str:
        return self._name

    @property
    def listening(self) -> bool:
        return bool(self._server.isListening())

    def listen(self) -> bool:
        """Start listening; False when another instance already answers under this name
        (it started at the same moment), or listening is impossible (the app then runs on
        its own). A name left behind by a crashed instance is taken over."""
        # Qt may replace a socket file that is in use (Unix, with access options) and lets
        # several named pipes share a name (Windows): so ask first whether someone answers.
        probe = QLocalSocket()
        probe.connectToServer(self._name)
        answered = probe.waitForConnected(200)
        probe.abort()
        if answered:
            log.warning("Er draait al een PZP Desktop; deze start luistert niet")
            return False
        if self._server.listen(self._name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self._name)  # nobody answered: left behind by a crash
            if self._server.listen(self._name):
                return True
        log.warning(
            "Kan niet luisteren naar een tweede start (%s)", self._server.serverError().name
        )
        return False

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            self._connections.add(_Connection(self, socket))

    def _forget(self, connection: _Connection) -> None:
        self._connections.discard(connection)


#: What the second start prints (stdout) once the running app took over.
HANDED_OVER_MESSAGE_NL = (
    "PZP Desktop was al geopend; de startgegevens zijn aan dat venster doorgegeven."
)
REJECTED_MESSAGE_NL = (
    "PZP Desktop was al geopend, maar kon deze startgegevens niet gebruiken. Open de patiënt "
    "opnieuw vanuit uw eigen systeem; blijft dit gebeuren, sluit dan PZP Desktop en start "
    "het opnieuw."
)
NO_ANSWER_MESSAGE_NL = (
    "PZP Desktop is al geopend, maar reageert niet. Sluit het andere venster van PZP Desktop "
    "en start opnieuw; blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder."
)
EXIT_HANDED_OVER = 0
EXIT_NOT_HANDED_OVER = 1


def claim_single_instance(
    name: str | None, request: LaunchRequest | None
) -> tuple[SingleInstanceServer | None, int | None]:
    """At start-up: hand ``request`` (``None``: training) to a running app, or become the
    running app. Returns ``(server, None)`` to go on (``server`` is ``None`` when listening
    was impossible: the app then runs on its own), or ``(None, exit code)`` to end, after a
    short Dutch message."""
    name = name or server_name()
    result = hand_over(name, request if request is not None else Training())
    if result is HandoverResult.ACCEPTED:
        print(HANDED_OVER_MESSAGE_NL)
        return None, EXIT_HANDED_OVER
    if result is HandoverResult.REJECTED:
        print(REJECTED_MESSAGE_NL, file=sys.stderr)
        return None, EXIT_NOT_HANDED_OVER
    if result is HandoverResult.NO_ANSWER:
        print(NO_ANSWER_MESSAGE_NL, file=sys.stderr)
        return None, EXIT_NOT_HANDED_OVER
    server = SingleInstanceServer(name)
    return (server if server.listen() else None), None

"""The one-shot loopback redirect listener of a native app (RFC 8252 §7.3).

:class:`LoopbackListener` listens on ``http://127.0.0.1:<ephemeral port>/callback`` (the
path is configurable: ``[smart] redirect_path``; the
IP literal, not ``localhost``, as RFC 8252 §8.3 recommends) in a background thread and
waits for the one redirect that belongs to this login:

* only ``GET <path>`` with exactly the expected ``state`` is accepted; any other path,
  method, Host header or ``state`` gets a 400 page and the listener keeps waiting (a stray
  or stale browser tab must not end, nor hijack, the login);
* ``error=access_denied`` (with the right state) ends the wait with :class:`AccessDenied`,
  any other ``error`` with :class:`AuthorizationFailed`;
* after the timeout (default 5 minutes) the wait ends with :class:`LoginTimedOut`, or with
  :class:`StateMismatch` when only answers with a wrong ``state`` arrived;
* the browser gets a short page ("U kunt dit tabblad sluiten"), in Dutch or English (the
  listener's ``language``, the interface language).

Nothing is logged: request lines contain the authorisation code.
"""

from __future__ import annotations

import hmac
import html
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pzp_desktop.domain.messages import LANGUAGES, Message, Text
from pzp_desktop.launch.errors import (
    AccessDenied,
    AuthorizationFailed,
    LaunchError,
    LoginCancelled,
    LoginTimedOut,
    StateMismatch,
)

__all__ = ["CALLBACK_PATH", "DEFAULT_CALLBACK_TIMEOUT", "LoopbackListener"]

DEFAULT_CALLBACK_TIMEOUT = 300.0
CALLBACK_PATH = "/callback"
_HOST = "127.0.0.1"
_POLL = 0.05


def _page(title: Text, text: Text, language: str) -> bytes:
    heading, body = html.escape(title.render(language)), html.escape(text.render(language))
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>PZP Desktop — {heading}</title></head>"
        '<body style="font-family: sans-serif; margin: 3em;">'
        f"<h1>{heading}</h1><p>{body}</p></body></html>\n"
    ).encode()


_DONE, _DENIED, _FAILED, _NOT_THIS = "done", "denied", "failed", "not-this"
#: The browser's answer pages, by language and outcome.
_PAGES: dict[str, dict[str, bytes]] = {
    language: {
        _DONE: _page(Message("launch.page.done.title"), Message("launch.page.done.text"), language),
        _DENIED: _page(
            Message("launch.page.denied.title"), Message("launch.page.denied.text"), language
        ),
        _FAILED: _page(
            Message("launch.page.failed.title"), Message("launch.page.failed.text"), language
        ),
        _NOT_THIS: _page(
            Message("launch.page.not-this.title"), Message("launch.page.not-this.text"), language
        ),
    }
    for language in LANGUAGES
}


class _Server(HTTPServer):
    allow_reuse_address = False
    listener: LoopbackListener

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN (a reverse DNS query that can
        # hang for seconds on some networks); a loopback listener does not need it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # No keep-alive: one request, one answer.
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Never log: the request line holds the authorisation code."""

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        listener = self.server.listener
        status, page = listener._handle(self.path, self.headers.get("Host"))
        self._answer(status, listener.page(page))

    def _reject(self) -> None:
        self._answer(405, self.server.listener.page(_NOT_THIS))

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _reject


class LoopbackListener:
    """Receives one authorisation response on a loopback redirect URI.

    Use as a context manager; the socket is bound (and :attr:`redirect_uri` known) on
    entry, so the URI can go into the authorisation request before the browser opens.
    """

    def __init__(
        self,
        expected_state: str,
        *,
        timeout: float = DEFAULT_CALLBACK_TIMEOUT,
        path: str = CALLBACK_PATH,
        language: str = "nl",
    ) -> None:
        if not expected_state:
            raise ValueError("expected_state is required")
        if not path.startswith("/") or "?" in path or "#" in path:
            raise ValueError("path must start with / and have no query or fragment")
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self._expected_state = expected_state
        self.path = path
        #: The language of the pages the browser gets ("nl" or "en").
        self.language = language
        self.timeout = timeout
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._code: str | None = None
        self._error: LaunchError | None = None
        self._mismatches = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        server = _Server((_HOST, 0), _Handler)
        server.listener = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL},
            name="pzp-loopback-redirect",
            daemon=True,
        )
        self._thread.start()

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackListener:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the listener is not started")
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://{_HOST}:{self.port}{self.path}"

    # ------------------------------------------------------------------ waiting

    def wait(self, cancel: threading.Event | None = None) -> str:
        """The authorisation code, or the right :class:`LaunchError`."""
        deadline = time.monotonic() + self.timeout
        while not self._done.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if self._mismatches:
                    raise StateMismatch()
                raise LoginTimedOut()
            if cancel is not None and cancel.is_set():
                raise LoginCancelled()
            self._done.wait(min(_POLL, remaining))
        with self._lock:
            if self._error is not None:
                raise self._error
            assert self._code is not None
            return self._code

    @property
    def mismatches(self) -> int:
        """How many answers with a wrong or missing ``state`` arrived (and were ignored)."""
        return self._mismatches

    # ------------------------------------------------------------------ handling

    def _host_ok(self, host: str | None) -> bool:
        # The browser sends Host: 127.0.0.1:<port>; anything else (DNS rebinding) is refused.
        return host is not None and host.strip().lower() == f"{_HOST}:{self.port}"

    def page(self, outcome: str) -> bytes:
        """The browser's page for ``outcome`` in this listener's language."""
        return _PAGES[self.language][outcome]

    def _handle(self, target: str, host: str | None) -> tuple[int, str]:
        parts = urlsplit(target)
        if not self._host_ok(host) or parts.path != self.path:
            return 400, _NOT_THIS
        try:
            raw = parse_qs(parts.query, keep_blank_values=True)
        except ValueError:
            return 400, _NOT_THIS
        if any(len(values) != 1 for values in raw.values()):
            return 400, _NOT_THIS
        params = {name: values[0] for name, values in raw.items()}
        state = params.get("state", "")
        if not hmac.compare_digest(state.encode(), self._expected_state.encode()):
            with self._lock:
                self._mismatches += 1
            return 400, _NOT_THIS
        with self._lock:
            if self._done.is_set():
                return 400, _NOT_THIS
            error = params.get("error")
            code = params.get("code")
            if error is not None:
                if error == "access_denied":
                    self._error = AccessDenied()
                    page = _DENIED
                else:
                    self._error = AuthorizationFailed()
                    page = _FAILED
                self._done.set()
                return 200, page
            if not code:
                return 400, _NOT_THIS
            self._code = code
            self._done.set()
            return 200, _DONE

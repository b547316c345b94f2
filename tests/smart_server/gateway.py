"""A SMART-protected FHIR endpoint for the tests: a small recording gateway in front of a
FHIR server that knows nothing of tokens (HAPI, or the in-memory server).

Why: SMART discovery lives at ``{iss}/.well-known/smart-configuration`` and the FHIR
server must check the bearer token, but the HAPI test server does neither. The gateway,
at ``http://127.0.0.1:<port>/fhir`` (this is the ``iss``), therefore

* serves ``/fhir/.well-known/smart-configuration`` from the test authorisation server;
* checks every FHIR request's bearer token with that server (unknown, expired or revoked
  token, or a token for another ``aud`` → 401; a write without a write scope → 403), like
  a real resource server;
* forwards the request to the upstream FHIR server **without** the Authorization header
  and rewrites the upstream base in the answer (paging links, Location) to its own;
* records every request (method, path, Authorization header) for the assertions.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.smart_server.server import SmartAuthServer

__all__ = ["FhirGateway", "GatewayRequest"]

_FORWARDED_REQUEST_HEADERS = (
    "Accept",
    "Content-Type",
    "If-Match",
    "If-None-Exist",
    "If-None-Match",
    "Prefer",
    "X-Request-Id",
)
_FORWARDED_RESPONSE_HEADERS = (
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Location",
    "Content-Location",
    "Retry-After",
)


@dataclass(frozen=True)
class GatewayRequest:
    method: str
    path: str
    authorization: str | None
    status: int


def _outcome(code: str, text: str) -> bytes:
    return json.dumps(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}],
        }
    ).encode()


def _may_write(scope: str) -> bool:
    for item in scope.split():
        if "/" not in item or "." not in item:
            continue
        perm = item.rsplit(".", 1)[1]
        if perm in ("write", "*") or set(perm) & set("cu"):
            return True
    return False


class FhirGateway:
    """See the module docstring."""

    def __init__(
        self,
        auth: SmartAuthServer,
        *,
        upstream_base: str,
        upstream_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.auth = auth
        self.upstream_base = upstream_base.rstrip("/")
        self._upstream = httpx.Client(transport=upstream_transport, timeout=30.0)
        self.requests: list[GatewayRequest] = []
        #: False: an open FHIR server without SMART (no token needed, no discovery).
        self.require_token = True
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                status, headers, content = gateway._respond(self.command, self.path, self, body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/fhir"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fhir-gateway",
            daemon=True,
        )

    def start(self) -> FhirGateway:
        self.auth.add_audience(self.base_url)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._upstream.close()

    def authorized_requests(self) -> list[GatewayRequest]:
        return [r for r in self.requests if r.authorization]

    # ------------------------------------------------------------------ handling

    def _record(self, method: str, path: str, authorization: str | None, status: int) -> None:
        with self._lock:
            self.requests.append(GatewayRequest(method, path, authorization, status))

    def _respond(
        self, method: str, target: str, handler: BaseHTTPRequestHandler, body: bytes | None
    ) -> tuple[int, dict[str, str], bytes]:
        authorization = handler.headers.get("Authorization")
        path = target.split("?", 1)[0]
        json_headers = {"Content-Type": "application/fhir+json"}
        if path == "/fhir/.well-known/smart-configuration" and method == "GET":
            status, document = self.auth.smart_configuration()
            if not self.require_token:
                status, document = 404, {}
            self._record(method, path, authorization, status)
            return status, {"Content-Type": "application/json"}, json.dumps(document).encode()
        if not (path == "/fhir" or path.startswith("/fhir/")):
            self._record(method, path, authorization, 404)
            return 404, json_headers, _outcome("not-found", "not a FHIR path")
        token = None
        if authorization and authorization.startswith("Bearer "):
            token = self.auth.introspect(authorization[7:], self.base_url)
        if token is None and self.require_token:
            self._record(method, path, authorization, 401)
            headers = {**json_headers, "WWW-Authenticate": 'Bearer error="invalid_token"'}
            return 401, headers, _outcome("login", "missing or invalid bearer token")
        if token is not None and method != "GET" and not _may_write(token.scope):
            self._record(method, path, authorization, 403)
            return 403, json_headers, _outcome("forbidden", "no write scope")

        upstream_url = self.upstream_base + target[len("/fhir") :]
        headers = {
            name: handler.headers[name]
            for name in _FORWARDED_REQUEST_HEADERS
            if handler.headers.get(name) is not None
        }
        response = self._upstream.request(method, upstream_url, headers=headers, content=body)
        content = response.content.replace(self.upstream_base.encode(), self.base_url.encode())
        out = {
            name: response.headers[name].replace(self.upstream_base, self.base_url)
            for name in _FORWARDED_RESPONSE_HEADERS
            if name in response.headers
        }
        self._record(method, path, authorization, response.status_code)
        return response.status_code, out, content

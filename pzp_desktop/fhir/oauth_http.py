"""The HTTP calls of SMART App Launch: discovery, JWKS and the token endpoint.

``pzp_desktop.launch`` holds the logic of the launch but may not import httpx; the few
requests it needs go through :class:`OAuthHttp`:

* ``GET`` of public JSON documents (``.well-known/smart-configuration``, ``jwks_uri``);
* ``POST`` of a form to the token endpoint (authorisation code and refresh grants).

No Authorization header is ever sent, and no access token: the only secrets that leave
through here are the code, the PKCE verifier and the refresh token, and only in the body of
a POST to the token endpoint. Redirects are not followed (a redirect could move a token
request elsewhere). Timeouts are always on. Nothing is logged here, and httpx's own loggers
(which log URLs) are capped at WARNING, as in :mod:`pzp_desktop.fhir.client`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from pzp_desktop import __version__

__all__ = ["DEFAULT_OAUTH_TIMEOUT", "OAuthHttp", "OAuthResponse", "OAuthTransportError"]

DEFAULT_OAUTH_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
#: Larger answers are not discovery documents, key sets or token responses.
MAX_BODY_BYTES = 1_000_000

for _name in ("httpx", "httpcore"):
    _logger = logging.getLogger(_name)
    if _logger.level < logging.WARNING:
        _logger.setLevel(logging.WARNING)


class OAuthTransportError(Exception):
    """No usable HTTP response (DNS, refused connection, TLS failure, timeout)."""

    def __init__(self, *, timeout: bool) -> None:
        self.timeout = timeout
        super().__init__("timeout" if timeout else "unreachable")


@dataclass(frozen=True, slots=True)
class OAuthResponse:
    """Status and parsed JSON body (``None`` when the body is not a JSON object)."""

    status: int
    json: dict[str, Any] | None = field(repr=False)
    content_type: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class OAuthHttp:
    """One small ``httpx.Client`` for the launch's requests (thread-safe)."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | float = DEFAULT_OAUTH_TIMEOUT,
    ) -> None:
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": f"PZP-Desktop/{__version__}"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OAuthHttp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get_json(self, url: str) -> OAuthResponse:
        """``GET url`` for a public JSON document."""
        return self._request("GET", url, headers={"Accept": "application/json"})

    def post_form(self, url: str, form: Mapping[str, str]) -> OAuthResponse:
        """``POST url`` with an ``application/x-www-form-urlencoded`` body."""
        return self._request(
            "POST",
            url,
            headers={"Accept": "application/json", "Cache-Control": "no-store"},
            data=dict(form),
        )

    def _request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        data: dict[str, str] | None = None,
    ) -> OAuthResponse:
        try:
            response = self._http.request(method, url, headers=dict(headers), data=data)
        except httpx.TimeoutException:
            raise OAuthTransportError(timeout=True) from None
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol):
            raise OAuthTransportError(timeout=False) from None
        content_type = response.headers.get("Content-Type", "").lower()
        body: dict[str, Any] | None = None
        if len(response.content) <= MAX_BODY_BYTES:
            try:
                parsed = json.loads(response.content)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                body = parsed
        return OAuthResponse(status=response.status_code, json=body, content_type=content_type)

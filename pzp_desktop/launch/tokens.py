"""Tokens: the access token in memory only, the refresh token in the OS keyring only.

* :class:`RefreshTokenStore` keeps refresh tokens in the OS keyring (package ``keyring``)
  under service ``pzp-desktop``, username ``<issuer>|<fhirUser or sub>``. Because keyring
  cannot list entries, a small index entry (``__pzp-desktop-index__``, holding only those
  usernames, no secrets) makes ``forget_tokens()`` possible.
* :class:`SmartTokenProvider` implements the FHIR client's ``TokenProvider`` protocol:
  the access token lives only in this object; it is renewed silently shortly before it
  expires (margin 60 s) and once after a 401. The refresh token is read from the keyring
  for each refresh and never kept in memory beyond that call; a rotated refresh token is
  written back at once.

Tokens never go to files, logs, exception messages or ``repr``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from pzp_desktop.fhir.oauth_http import OAuthHttp, OAuthTransportError
from pzp_desktop.launch.errors import TokenStoreUnavailable

__all__ = [
    "KEYRING_SERVICE",
    "REFRESH_MARGIN_SECONDS",
    "RefreshTokenStore",
    "SmartTokenProvider",
    "forget_tokens",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "pzp-desktop"
INDEX_USERNAME = "__pzp-desktop-index__"
REFRESH_MARGIN_SECONDS = 60.0
#: A second 401 within this many seconds of a refresh does not refresh again (several
#: worker threads hit the same expired token at once).
RECENT_REFRESH_SECONDS = 5.0


def _normalise_issuer(issuer: str) -> str:
    return issuer.rstrip("/")


class RefreshTokenStore:
    """Refresh tokens in the OS keyring, keyed by issuer and user."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = KEYRING_SERVICE):
        self._backend = backend
        self.service = service
        self._lock = threading.Lock()

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    @staticmethod
    def username(issuer: str, user: str) -> str:
        return f"{_normalise_issuer(issuer)}|{user}"

    # ------------------------------------------------------------------ index

    def _read_index(self) -> list[str]:
        raw = self.backend.get_password(self.service, INDEX_USERNAME)
        if not raw:
            return []
        try:
            data = json.loads(raw)
        except ValueError:
            return []
        return [u for u in data if isinstance(u, str)] if isinstance(data, list) else []

    def _write_index(self, names: list[str]) -> None:
        if names:
            self.backend.set_password(self.service, INDEX_USERNAME, json.dumps(sorted(names)))
        else:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                self.backend.delete_password(self.service, INDEX_USERNAME)

    # ------------------------------------------------------------------ entries

    def save(self, issuer: str, user: str, refresh_token: str) -> bool:
        """Store the refresh token; False (and a log line without details) if the keyring
        cannot be used: the session then simply cannot be refreshed."""
        name = self.username(issuer, user)
        try:
            with self._lock:
                self.backend.set_password(self.service, name, refresh_token)
                names = self._read_index()
                if name not in names:
                    self._write_index([*names, name])
        except keyring.errors.KeyringError as exc:
            log.warning(
                "Refresh token niet opgeslagen: sleutelhanger niet bruikbaar (%s)",
                type(exc).__name__,
            )
            return False
        return True

    def load(self, issuer: str, user: str) -> str | None:
        try:
            return self.backend.get_password(self.service, self.username(issuer, user))
        except keyring.errors.KeyringError as exc:
            log.warning(
                "Refresh token niet gelezen: sleutelhanger niet bruikbaar (%s)", type(exc).__name__
            )
            return None

    def delete(self, issuer: str, user: str) -> None:
        name = self.username(issuer, user)
        try:
            with self._lock:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    self.backend.delete_password(self.service, name)
                names = self._read_index()
                if name in names:
                    self._write_index([n for n in names if n != name])
        except keyring.errors.KeyringError as exc:
            log.warning(
                "Refresh token niet verwijderd: sleutelhanger niet bruikbaar (%s)",
                type(exc).__name__,
            )

    def forget(self, issuer: str | None = None) -> int:
        """Delete the stored refresh tokens (of one issuer, or all); returns how many.

        Raises :class:`TokenStoreUnavailable` when the keyring cannot be used.
        """
        prefix = f"{_normalise_issuer(issuer)}|" if issuer else None
        try:
            with self._lock:
                names = self._read_index()
                doomed = [n for n in names if prefix is None or n.startswith(prefix)]
                for name in doomed:
                    with contextlib.suppress(keyring.errors.PasswordDeleteError):
                        self.backend.delete_password(self.service, name)
                self._write_index([n for n in names if n not in doomed])
        except keyring.errors.KeyringError:
            raise TokenStoreUnavailable() from None
        return len(doomed)


def forget_tokens(issuer: str | None = None, *, store: RefreshTokenStore | None = None) -> int:
    """Delete stored refresh tokens (of ``issuer``, or all); returns how many were deleted."""
    return (store or RefreshTokenStore()).forget(issuer)


class SmartTokenProvider:
    """The FHIR client's token provider for one SMART session (thread-safe)."""

    def __init__(
        self,
        *,
        http: OAuthHttp,
        token_endpoint: str,
        client_id: str,
        issuer: str,
        user: str | None,
        access_token: str,
        expires_in: float | None,
        store: RefreshTokenStore | None,
        clock: Callable[[], float] = time.monotonic,
        margin: float = REFRESH_MARGIN_SECONDS,
    ) -> None:
        self._http = http
        self._token_endpoint = token_endpoint
        self._client_id = client_id
        self.issuer = _normalise_issuer(issuer)
        #: The keyring key's user part (fhirUser or sub); ``None``: nothing can be stored.
        self.user = user
        self._store = store
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._access_token: str | None = access_token
        self._expires_at: float | None = None
        self._refreshed_at: float | None = None
        self._set_expiry(expires_in)
        #: How many refreshes succeeded (for tests and diagnostics).
        self.refresh_count = 0

    def __repr__(self) -> str:
        return f"SmartTokenProvider(issuer={self.issuer!r})"

    def _set_expiry(self, expires_in: float | None) -> None:
        self._expires_at = self._clock() + expires_in if expires_in else None

    @property
    def can_refresh(self) -> bool:
        return self._store is not None and self.user is not None

    def store_refresh_token(self, refresh_token: str) -> bool:
        """Put a (new) refresh token in the keyring."""
        if self._store is None or self.user is None:
            return False
        return self._store.save(self.issuer, self.user, refresh_token)

    # ------------------------------------------------------------------ TokenProvider

    def access_token(self) -> str | None:
        """The access token, renewed first when it expires within the margin."""
        with self._lock:
            if (
                self._expires_at is not None
                and self._clock() >= self._expires_at - self._margin
                and self.can_refresh
            ):
                self._refresh_locked()
            return self._access_token

    def refresh_after_401(self) -> bool:
        """Renew once after a 401; True when a new token is there for one retry."""
        with self._lock:
            if (
                self._refreshed_at is not None
                and self._clock() - self._refreshed_at < RECENT_REFRESH_SECONDS
            ):
                return True
            return self._refresh_locked()

    def forget(self) -> None:
        """Drop the access token and delete the stored refresh token (logging out)."""
        with self._lock:
            self._access_token = None
            self._expires_at = None
            if self._store is not None and self.user is not None:
                self._store.delete(self.issuer, self.user)

    # ------------------------------------------------------------------ refreshing

    def _refresh_locked(self) -> bool:
        if self._store is None or self.user is None:
            return False
        refresh_token = self._store.load(self.issuer, self.user)
        if not refresh_token:
            return False
        try:
            response = self._http.post_form(
                self._token_endpoint,
                {
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": self._client_id,
                },
            )
        except OAuthTransportError:
            log.warning("Toegangstoken vernieuwen mislukt: aanmeldserver niet bereikbaar")
            return False
        body: dict[str, Any] = response.json or {}
        if not response.ok:
            error = body.get("error")
            if error == "invalid_grant":
                # The refresh token is expired or revoked: it is of no further use.
                self._store.delete(self.issuer, self.user)
            log.warning(
                "Toegangstoken vernieuwen mislukt (HTTP %s, %s)",
                response.status,
                error if isinstance(error, str) and error.isidentifier() else "onbekend",
            )
            return False
        access_token = body.get("access_token")
        token_type = body.get("token_type")
        if (
            not isinstance(access_token, str)
            or not access_token
            or not isinstance(token_type, str)
            or token_type.lower() != "bearer"
        ):
            log.warning("Toegangstoken vernieuwen mislukt: onbruikbaar antwoord")
            return False
        expires_in = body.get("expires_in")
        self._access_token = access_token
        self._set_expiry(
            float(expires_in) if isinstance(expires_in, int | float) and expires_in > 0 else None
        )
        new_refresh = body.get("refresh_token")
        if isinstance(new_refresh, str) and new_refresh:
            self._store.save(self.issuer, self.user, new_refresh)
        self._refreshed_at = self._clock()
        self.refresh_count += 1
        log.info("Toegangstoken vernieuwd")
        return True

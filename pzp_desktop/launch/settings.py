"""What an installation (and a test) can set for launching."""

from __future__ import annotations

import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.launch.loopback import CALLBACK_PATH, DEFAULT_CALLBACK_TIMEOUT
from pzp_desktop.launch.tokens import REFRESH_MARGIN_SECONDS, RefreshTokenStore

if TYPE_CHECKING:
    from pzp_desktop.config import Config

__all__ = ["DEFAULT_CLIENT_ID", "ClientFactory", "LaunchSettings", "default_client_factory"]

DEFAULT_CLIENT_ID = "pzp-desktop"

#: ``(fhir_base, token_provider, read_only) -> FhirClient``
ClientFactory = Callable[[str, TokenProvider | None, bool], FhirClient]


def default_client_factory(
    fhir_base: str, token_provider: TokenProvider | None, read_only: bool
) -> FhirClient:
    return FhirClient(fhir_base, token_provider=token_provider, read_only=read_only)


def _open_system_browser(url: str) -> bool:
    # The system browser, never an embedded login form (RFC 8252 §8.12).
    return webbrowser.open(url, new=2)


@dataclass
class LaunchSettings:
    """Launch settings; the defaults are those of a normal installation."""

    #: The client_id registered for PZP Desktop at the authorisation server.
    client_id: str = DEFAULT_CLIENT_ID
    #: The installation forces view-only (home care), whatever the granted scopes.
    force_view_only: bool = False
    #: Path of the loopback redirect URI (``http://127.0.0.1:<port><redirect_path>``).
    redirect_path: str = CALLBACK_PATH
    #: Scopes requested in addition to PZP Desktop's own (write scopes among them are
    #: dropped when view-only is forced).
    scopes_extra: tuple[str, ...] = ()
    #: The language of the pages the browser shows after the login ("nl" or "en"; the GUI
    #: sets its interface language).
    language: str = "nl"
    #: How long to wait for the login in the browser (seconds).
    callback_timeout: float = DEFAULT_CALLBACK_TIMEOUT
    #: Opens a URL in the system browser; returns False when that failed.
    open_browser: Callable[[str], object] = _open_system_browser
    #: HTTP for discovery, JWKS and the token endpoint (created on first use).
    http: OAuthHttp | None = None
    #: Where refresh tokens go (the OS keyring by default).
    token_store: RefreshTokenStore = field(default_factory=RefreshTokenStore)
    #: The installation's FHIR base for ``--bsn`` / ``pzp-desktop://patient`` without one.
    default_fhir_base: str | None = None
    #: Builds the FHIR client used while resolving the context (BSN search, user details).
    client_factory: ClientFactory = default_client_factory
    #: Renew the access token this many seconds before it expires.
    refresh_margin: float = REFRESH_MARGIN_SECONDS
    #: Monotonic clock for token expiry; wall clock for id_token times.
    monotonic: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time

    @classmethod
    def from_config(cls, config: Config, **overrides: Any) -> LaunchSettings:
        """Settings from the configuration file: ``[smart]`` client_id, redirect_path and
        scopes_extra, ``[app] force_view_only``, and the primary source's base URL as the
        FHIR base for ``--bsn`` without ``--fhir-base``."""
        primary = config.primary_source
        values: dict[str, Any] = {
            "client_id": config.smart.client_id,
            "redirect_path": config.smart.redirect_path,
            "scopes_extra": tuple(config.smart.scopes_extra),
            "force_view_only": config.view_only,
            "default_fhir_base": primary.base_url if primary is not None else None,
        }
        values.update(overrides)
        return cls(**values)

    def oauth_http(self) -> OAuthHttp:
        if self.http is None:
            self.http = OAuthHttp()
        return self.http

"""The configuration file of PZP Desktop (product brief §8): one documented TOML file.

Where
    The **user file** is at the operating system's standard location:

    =========  ===========================================================================
    Linux      ``$XDG_CONFIG_HOME/pzp-desktop/config.toml`` (default ``~/.config/…``)
    Windows    ``%APPDATA%\\PZP Desktop\\config.toml``
    macOS      ``~/Library/Application Support/PZP Desktop/config.toml``
    =========  ===========================================================================

    ``--config PATH`` (see :func:`add_config_argument`) or the environment variable
    ``PZP_DESKTOP_CONFIG`` names another user file; a file named that way must exist. A
    missing user file at the standard location simply means "all defaults".

    The **installation file** is read first, always (also with ``--config``):
    Linux ``/etc/pzp-desktop/config.toml``, Windows ``%PROGRAMDATA%\\PZP Desktop\\config.toml``,
    macOS ``/Library/Application Support/PZP Desktop/config.toml``. The user file overrides
    its values key by key (a ``[[sources]]`` list as a whole), except for two keys the
    installation fixes: ``app.force_view_only = true`` in the installation file cannot be
    switched off by the user (home care: view-only is enforced), and an ``app.audit_log`` set
    by the installation cannot be moved by the user. Such ignored user values are listed in
    :attr:`Config.notices`.

What
    Every key, its type and default is documented in
    ``resources/config/pzp-desktop.example.toml`` (and in the README): ``[app]`` language,
    force_view_only, launching_system_records_pzp, double_registration_days, audit_log,
    draft_retention_days, organisation; ``[smart]`` client_id, redirect_path, scopes_extra;
    ``[[sources]]`` name, base_url, primary, authentication, token_env, read_only.
    No secrets belong in the file: a bearer token comes from the environment variable that
    ``token_env`` names, and keys that look like secrets (``token``, ``password``, …) are
    refused.

Errors
    A file that cannot be read, is not valid TOML (the message gives line and column), has an
    unknown key (a typo: the message suggests the known key) or a bad value raises
    :class:`ConfigError`, whose :attr:`~ConfigError.user_message` names the file, every bad
    key and its problem, e.g. ``Instelling sources[1].base_url: geen geldige https-URL
    ('ftp://epd.example.nl')``. ``sources[1]`` is the first ``[[sources]]`` block. Every such
    text is a catalogue :class:`~pzp_desktop.domain.messages.Text`: Dutch as a string, English
    through ``render(text, "en")`` (the launch-error box shows it in the interface language).

This module imports neither Qt nor httpx (only the default audit-log location, when it is
needed, is taken from :mod:`pzp_desktop.sources.audit_log`).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload
from urllib.parse import urlsplit

from pzp_desktop.domain.codes import AGB_Z
from pzp_desktop.domain.messages import Message, Text, joined
from pzp_desktop.launch.arguments import is_loopback_host

if TYPE_CHECKING:
    from pzp_desktop.sources.fetch import Source

__all__ = [
    "APP_DIR_NAME",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_REDIRECT_PATH",
    "DOCUMENTED_KEYS",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "URA",
    "AppConfig",
    "Authentication",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "Language",
    "Organisation",
    "SmartConfig",
    "SourceConfig",
    "add_config_argument",
    "installation_config_path",
    "load_config",
    "user_config_path",
]

ENVIRONMENT_VARIABLE = "PZP_DESKTOP_CONFIG"
FILE_NAME = "config.toml"
APP_DIR_NAME = "PZP Desktop"  # Windows and macOS
LINUX_DIR_NAME = "pzp-desktop"
#: Same value as ``pzp_desktop.launch.settings.DEFAULT_CLIENT_ID`` (a test checks this).
DEFAULT_CLIENT_ID = "pzp-desktop"
DEFAULT_REDIRECT_PATH = "/callback"
URA = "http://fhir.nl/fhir/NamingSystem/ura"

Language = Literal["nl", "en", "system"]
LANGUAGES: tuple[Language, ...] = ("nl", "en", "system")

_T = TypeVar("_T")

_MAX_TEXT = 200
_MAX_DAYS = 3650
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
_CLIENT_ID = re.compile(r"[\x21-\x7e]{1,200}")  # RFC 6749 VSCHAR, without spaces
_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]{1,200}")  # RFC 6749 §3.3
_REDIRECT_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,199}")
_ORGANISATION_ID = re.compile(r"\s*(URA|AGB)\s*:\s*(\d{8})\s*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VARIABLE = re.compile(r"\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|%([^%]+)%")
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")

#: Key names that are refused wherever they appear: secrets never go into the file.
_SECRET_KEYS = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "bearer",
        "bearer_token",
        "password",
        "passwd",
        "secret",
        "client_secret",
        "api_key",
        "apikey",
        "private_key",
    }
)


# -- the configuration ------------------------------------------------------------------------


class Authentication(StrEnum):
    """How PZP Desktop authenticates at a source."""

    #: SMART App Launch (authorisation code + PKCE in the system browser).
    SMART = "smart"
    #: No authentication (e.g. a public test server).
    NONE = "none"
    #: A bearer token from the environment variable that ``token_env`` names.
    BEARER_ENV = "bearer-env"


@dataclass(frozen=True, slots=True)
class Organisation:
    """The care provider using this installation (audit log, Provenance)."""

    name: str
    identifier_type: Literal["URA", "AGB"]
    identifier: str  # 8 digits

    @property
    def system(self) -> str:
        """The identifier's naming system (URA or AGB-Z)."""
        return URA if self.identifier_type == "URA" else AGB_Z


def _default_audit_log() -> Path:
    from pzp_desktop.sources.audit_log import default_audit_path

    return default_audit_path()


@dataclass(frozen=True, slots=True)
class AppConfig:
    """``[app]``: the application's behaviour."""

    #: Interface language; "system" follows the OS (English for an English OS, else Dutch).
    language: Language = "nl"
    #: View-only whatever the granted scopes (home care); no write request is ever sent.
    force_view_only: bool = False
    #: The launching system records PZP itself: warn before recording here (warning 3).
    launching_system_records_pzp: bool = False
    #: Warning 1: the same value recorded within this many days counts as a double.
    double_registration_days: int = 30
    #: The local audit log (JSON Lines); default: ``default_audit_path()``.
    audit_log: Path = field(default_factory=_default_audit_log)
    #: Unsaved drafts are kept this many days after their last change.
    draft_retention_days: int = 14
    #: The care provider; ``None`` when not configured.
    organisation: Organisation | None = None


@dataclass(frozen=True, slots=True)
class SmartConfig:
    """``[smart]``: SMART App Launch."""

    #: The client_id registered for PZP Desktop at the authorisation server.
    client_id: str = DEFAULT_CLIENT_ID
    #: Path of the loopback redirect URI (``http://127.0.0.1:<port><redirect_path>``).
    redirect_path: str = DEFAULT_REDIRECT_PATH
    #: Scopes requested in addition to PZP Desktop's own.
    scopes_extra: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One ``[[sources]]`` block: a FHIR source."""

    name: str
    base_url: str  # https (http only for this computer), without trailing slash
    primary: bool = False
    authentication: Authentication = Authentication.SMART
    token_env: str | None = None  # only with Authentication.BEARER_ENV
    read_only: bool = False

    def bearer_token(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The bearer token for this source (``None`` unless ``authentication = "bearer-env"``).

        Raises :class:`ConfigError` when the environment variable is not set or empty.
        """
        if self.authentication is not Authentication.BEARER_ENV or self.token_env is None:
            return None
        env = os.environ if environ is None else environ
        token = env.get(self.token_env, "").strip()
        if not token:
            raise ConfigError(
                [
                    ConfigProblem(
                        Message(
                            "settings.token-env-unset", variable=self.token_env, source=self.name
                        ),
                        key=None,
                    )
                ]
            )
        return token


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration: defaults, the installation file, then the user file."""

    app: AppConfig = field(default_factory=AppConfig)
    smart: SmartConfig = field(default_factory=SmartConfig)
    sources: tuple[SourceConfig, ...] = ()
    #: The files that were read, installation file first.
    files: tuple[Path, ...] = ()
    #: Notes about user settings the installation overruled (for the log / about box), as
    #: catalogue texts (Dutch as a string).
    notices: tuple[str, ...] = ()

    @property
    def view_only(self) -> bool:
        """The installation (or user) forces view-only."""
        return self.app.force_view_only

    @property
    def primary_source(self) -> SourceConfig | None:
        return next((s for s in self.sources if s.primary), None)

    def source_named(self, name: str) -> SourceConfig | None:
        return next((s for s in self.sources if s.name == name), None)

    @overload
    def sources_as(self) -> list[Source]: ...

    @overload
    def sources_as(self, factory: Callable[..., _T]) -> list[_T]: ...

    def sources_as(self, factory: Callable[..., Any] | None = None) -> list[Any]:
        """The configured sources as objects built by ``factory`` (default:
        :class:`pzp_desktop.sources.fetch.Source`), called with the keyword arguments
        ``name``, ``base_url``, ``primary`` and ``read_only``. ``read_only`` is true for every
        source when view-only is forced."""
        if factory is None:
            from pzp_desktop.sources.fetch import Source

            factory = Source
        return [
            factory(
                name=s.name,
                base_url=s.base_url,
                primary=s.primary,
                read_only=s.read_only or self.app.force_view_only,
            )
            for s in self.sources
        ]


# -- errors -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One problem: the key (``sources[1].base_url``; ``None`` for the whole file) and what
    is wrong with it (a catalogue :class:`~pzp_desktop.domain.messages.Text`: Dutch as a
    string, English through ``render``)."""

    message: str
    key: str | None = None
    path: Path | None = None
    line: int | None = None
    column: int | None = None

    @property
    def text(self) -> str:
        """The problem with where it is: "Instelling app.language: …", "regel 3: …"."""
        if self.key is not None:
            return Message("settings.problem.key", key=self.key, problem=self.message)
        if self.line is not None and self.column:
            return Message(
                "settings.problem.line-column",
                line=self.line,
                column=self.column,
                problem=self.message,
            )
        if self.line is not None:
            return Message("settings.problem.line", line=self.line, problem=self.message)
        return self.message

    def __str__(self) -> str:
        return str(self.text)


class ConfigError(Exception):
    """The configuration cannot be used. :attr:`user_message` says what to fix (a
    :class:`~pzp_desktop.domain.messages.Text`: Dutch as a string, English through
    ``render``)."""

    def __init__(self, problems: list[ConfigProblem] | tuple[ConfigProblem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.user_message)

    @property
    def path(self) -> Path | None:
        """The (first) file concerned."""
        return next((p.path for p in self.problems if p.path is not None), None)

    @property
    def user_message(self) -> Text:
        lines: list[str] = [Message("settings.not-in-order")]
        by_file: dict[Path | None, list[ConfigProblem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.path, []).append(problem)
        for path, problems in by_file.items():
            if path is not None:
                lines.append(f"{path}:")
            lines.extend(joined("", ["  - ", problem.text]) for problem in problems)
        lines.append(Message("settings.advice"))
        return joined("\n", lines)


class _Problems:
    """Collects the problems of one file, so that all of them are reported at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[ConfigProblem] = []

    def add(self, key: str | None, message: Text) -> None:
        self.items.append(ConfigProblem(message, key=key, path=self.path))


# -- locations --------------------------------------------------------------------------------


def _pure(platform: str) -> type[PurePath]:
    return PureWindowsPath if platform.startswith("win") else PurePosixPath


def _user_location(platform: str, environ: Mapping[str, str], home: str) -> PurePath:
    pure = _pure(platform)
    if platform.startswith("win"):
        base = environ.get("APPDATA") or str(pure(home, "AppData", "Roaming"))
        return pure(base, APP_DIR_NAME, FILE_NAME)
    if platform == "darwin":
        return pure(home, "Library", "Application Support", APP_DIR_NAME, FILE_NAME)
    config_home = environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative path is invalid and must be ignored.
    if not config_home or not pure(config_home).is_absolute():
        config_home = str(pure(home, ".config"))
    return pure(config_home, LINUX_DIR_NAME, FILE_NAME)


def _installation_location(platform: str, environ: Mapping[str, str]) -> PurePath:
    pure = _pure(platform)
    if platform.startswith("win"):
        base = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE") or r"C:\ProgramData"
        return pure(base, APP_DIR_NAME, FILE_NAME)
    if platform == "darwin":
        return pure("/Library", "Application Support", APP_DIR_NAME, FILE_NAME)
    return pure("/etc", LINUX_DIR_NAME, FILE_NAME)


def user_config_path(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | str | None = None,
) -> Path:
    """The standard location of the user file on this OS (it may not exist)."""
    location = _user_location(
        sys.platform if platform is None else platform,
        os.environ if environ is None else environ,
        str(Path.home() if home is None else home),
    )
    return Path(str(location))


def installation_config_path(
    *, platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The location of the installation-wide file on this OS (it may not exist)."""
    location = _installation_location(
        sys.platform if platform is None else platform, os.environ if environ is None else environ
    )
    return Path(str(location))


# -- reading a file ---------------------------------------------------------------------------

#: The start of a ``tomllib`` error -> the catalogue id of what it means for the user.
_TOML_HINTS = (
    ("Invalid value", "settings.toml.invalid-value"),
    ("Expected '=' after a key", "settings.toml.expected-equals"),
    ("Unterminated string", "settings.toml.unterminated-string"),
    ("Cannot overwrite a value", "settings.toml.duplicate-key"),
    ("Cannot declare", "settings.toml.duplicate-table"),
    ("Expected newline or end of document", "settings.toml.expected-newline"),
    ("Unescaped '\\'", "settings.toml.backslash"),
    ("Invalid statement", "settings.toml.invalid-statement"),
    ("Invalid initial character for a key", "settings.toml.invalid-key-character"),
)


def _toml_problem(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigProblem:
    text = str(exc)
    match = _TOML_POSITION.search(text)
    detail = text[: match.start()] if match else text
    line = int(match.group(1)) if match and match.group(1) else None
    column = int(match.group(2)) if match and match.group(2) else None
    hint = next((key for start, key in _TOML_HINTS if detail.startswith(start)), None)
    message: Text = (
        Message("settings.toml.invalid-with-hint", hint=Message(hint), detail=detail)
        if hint
        else Message("settings.toml.invalid", detail=detail)
    )
    if match and line is None:
        message = Message("settings.toml.at-end", problem=message)
    return ConfigProblem(message, path=path, line=line, column=column)


def _read(path: Path, *, must_exist: bool, named_by: str | None) -> dict[str, Any] | None:
    """The parsed file, ``None`` when it does not exist (and need not)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not must_exist:
            return None
        missing = Message("settings.file-missing", named_by=str(named_by))
        raise ConfigError([ConfigProblem(missing, path=path)]) from None
    except IsADirectoryError:
        folder = Message("settings.is-directory")
        raise ConfigError([ConfigProblem(folder, path=path)]) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        unreadable = Message("settings.unreadable", reason=reason)
        raise ConfigError([ConfigProblem(unreadable, path=path)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        not_utf8 = Message("settings.not-utf8")
        raise ConfigError([ConfigProblem(not_utf8, path=path)]) from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_toml_problem(path, exc)]) from None


# -- checking values --------------------------------------------------------------------------


class _Bad(Exception):
    """A value is not acceptable; :attr:`message` says why (a catalogue message)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return repr(text)
    if isinstance(value, dict):
        return Message("settings.value.table")
    if isinstance(value, list):
        return Message("settings.value.list")
    return str(value)


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise _Bad(Message("settings.bool", value=_shown(value)))
    return value


def _days(value: object) -> int:
    if type(value) is not int or not 1 <= value <= _MAX_DAYS:
        raise _Bad(Message("settings.days", maximum=_MAX_DAYS, value=_shown(value)))
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(Message("settings.text", value=_shown(value)))
    text = value.strip()
    if not text:
        raise _Bad(Message("settings.text-empty"))
    if len(text) > _MAX_TEXT or _CONTROL.search(text):
        raise _Bad(Message("settings.text-too-long", maximum=_MAX_TEXT))
    return text


def _language(value: object) -> Language:
    for language in LANGUAGES:
        if value == language:
            return language
    raise _Bad(Message("settings.language", value=_shown(value)))


@dataclass(frozen=True)
class _Context:
    platform: str
    environ: Mapping[str, str]
    home: str


def _expand(text: str, context: _Context) -> str:
    """``~`` at the start and ``${NAME}``, ``$NAME`` or ``%NAME%`` anywhere."""

    def variable(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        value = context.environ.get(name)
        if not value:
            raise _Bad(Message("settings.variable-unset", name=name))
        return value

    expanded = _VARIABLE.sub(variable, text)
    if expanded == "~" or expanded.startswith(("~/", "~\\")):
        expanded = context.home + expanded[1:]
    return expanded


def _path(value: object, context: _Context) -> Path:
    text = _text(value)
    expanded = _expand(text, context)
    if not _pure(context.platform)(expanded).is_absolute():
        raise _Bad(Message("settings.path-not-absolute", value=_shown(text)))
    path = Path(expanded)
    if path.is_dir():
        raise _Bad(Message("settings.path-is-folder", example=str(path / "audit.jsonl")))
    return path


def _organisation(value: object, key: str, problems: _Problems) -> Organisation | None:
    if not isinstance(value, dict):
        problems.add(key, Message("settings.organisation-not-table"))
        return None
    _report_unknown(value, ("name", "identifier"), key, problems)
    name = _field(value, "name", key, problems, _text, required=True)
    identifier = _field(value, "identifier", key, problems, _text, required=True)
    if name is None or identifier is None:
        return None
    match = _ORGANISATION_ID.fullmatch(identifier)
    if match is None:
        problems.add(
            f"{key}.identifier",
            Message("settings.organisation-identifier", value=_shown(identifier)),
        )
        return None
    kind: Literal["URA", "AGB"] = "URA" if match.group(1).upper() == "URA" else "AGB"
    return Organisation(name=name, identifier_type=kind, identifier=match.group(2))


def _base_url(value: object) -> str:
    text = _text(value)
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise _Bad(Message("settings.url.invalid", value=_shown(text))) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise _Bad(Message("settings.url.not-absolute", value=_shown(text)))
    if scheme == "http" and not is_loopback_host(host):
        raise _Bad(Message("settings.url.not-https", value=_shown(text)))
    if parts.username is not None or parts.password is not None:
        raise _Bad(Message("settings.url.credentials"))
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise _Bad(Message("settings.url.query", value=_shown(text)))
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/")


def _authentication(value: object) -> Authentication:
    for option in Authentication:
        if value == option.value:
            return option
    raise _Bad(Message("settings.authentication", value=_shown(value)))


def _env_name(value: object) -> str:
    if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
        # The value is not shown: it might be the token itself.
        raise _Bad(Message("settings.token-env-name"))
    return value


def _client_id(value: object) -> str:
    text = _text(value)
    if not _CLIENT_ID.fullmatch(text):
        raise _Bad(Message("settings.client-id", value=_shown(text)))
    return text


def _redirect_path(value: object) -> str:
    text = _text(value)
    if not _REDIRECT_PATH.fullmatch(text) or "//" in text:
        raise _Bad(Message("settings.redirect-path", value=_shown(text)))
    return text


# -- checking a file --------------------------------------------------------------------------

_TABLES = ("app", "smart", "sources")
_APP_KEYS = (
    "language",
    "force_view_only",
    "launching_system_records_pzp",
    "double_registration_days",
    "audit_log",
    "draft_retention_days",
    "organisation",
)
_SMART_KEYS = ("client_id", "redirect_path", "scopes_extra")
_SOURCE_KEYS = ("name", "base_url", "primary", "authentication", "token_env", "read_only")
_ALL_KEYS = {"app": _APP_KEYS, "smart": _SMART_KEYS, "sources": _SOURCE_KEYS}
#: Every key of the file as ``table.key`` (``app.organisation`` has ``name`` and
#: ``identifier``); the example file and the README document each of them.
DOCUMENTED_KEYS: tuple[str, ...] = tuple(
    f"{table}.{key}" for table, keys in _ALL_KEYS.items() for key in keys
)


def _report_unknown(
    table: Mapping[str, object], known: tuple[str, ...], where: str | None, problems: _Problems
) -> None:
    names = list(known)
    for name in table:
        if name in names:
            continue
        key = f"{where}.{name}" if where else name
        if name.lower() in _SECRET_KEYS or any(s in name.lower() for s in ("password", "secret")):
            problems.add(key, Message("settings.secret"))
            continue
        message = Message("settings.unknown")
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if close:
            message = Message("settings.unknown.did-you-mean", name=close[0])
        else:
            home = [t for t, keys in _ALL_KEYS.items() if name in keys and t != where]
            if home:
                block = "[[sources]]" if home[0] == "sources" else f"[{home[0]}]"
                message = Message("settings.unknown.belongs-in", block=block)
        problems.add(key, message)


def _field(
    table: Mapping[str, object],
    name: str,
    where: str,
    problems: _Problems,
    check: Callable[[object], _T],
    *,
    required: bool = False,
) -> _T | None:
    key = f"{where}.{name}"
    if name not in table:
        if required:
            problems.add(key, Message("settings.missing"))
        return None
    try:
        return check(table[name])
    except _Bad as exc:
        problems.add(key, exc.message)
        return None


@dataclass
class _Layer:
    """The checked values of one file: only the keys that it sets."""

    path: Path
    app: dict[str, Any] = field(default_factory=dict)
    smart: dict[str, Any] = field(default_factory=dict)
    sources: tuple[SourceConfig, ...] | None = None


def _table(data: Mapping[str, object], name: str, problems: _Problems) -> Mapping[str, object]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.add(name, Message("settings.not-a-table", name=name, value=_shown(value)))
        return {}
    return value


def _check_app(
    table: Mapping[str, object], layer: _Layer, problems: _Problems, context: _Context
) -> None:
    _report_unknown(table, _APP_KEYS, "app", problems)
    checks: dict[str, Callable[[object], Any]] = {
        "language": _language,
        "force_view_only": _bool,
        "launching_system_records_pzp": _bool,
        "double_registration_days": _days,
        "audit_log": lambda value: _path(value, context),
        "draft_retention_days": _days,
    }
    for name, check in checks.items():
        value = _field(table, name, "app", problems, check)
        if value is not None:
            layer.app[name] = value
    if "organisation" in table:
        organisation = _organisation(table["organisation"], "app.organisation", problems)
        if organisation is not None:
            layer.app["organisation"] = organisation


def _check_smart(table: Mapping[str, object], layer: _Layer, problems: _Problems) -> None:
    _report_unknown(table, _SMART_KEYS, "smart", problems)
    for name, check in (("client_id", _client_id), ("redirect_path", _redirect_path)):
        value = _field(table, name, "smart", problems, check)
        if value is not None:
            layer.smart[name] = value
    if "scopes_extra" not in table:
        return
    scopes = table["scopes_extra"]
    if not isinstance(scopes, list):
        problems.add(
            "smart.scopes_extra", Message("settings.scopes-not-list", value=_shown(scopes))
        )
        return
    good: list[str] = []
    for index, scope in enumerate(scopes, start=1):
        if isinstance(scope, str) and _SCOPE_TOKEN.fullmatch(scope):
            good.append(scope)
        else:
            problems.add(
                f"smart.scopes_extra[{index}]",
                Message("settings.scope-invalid", value=_shown(scope)),
            )
    if len(good) == len(scopes):
        layer.smart["scopes_extra"] = tuple(dict.fromkeys(good))


def _check_sources(value: object, layer: _Layer, problems: _Problems) -> None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.add("sources", Message("settings.sources-not-list", value=_shown(value)))
        return
    sources: list[SourceConfig] = []
    names: dict[str, str] = {}
    urls: dict[str, str] = {}
    primary: str | None = None
    ok = True
    for index, block in enumerate(value, start=1):
        where = f"sources[{index}]"
        before = len(problems.items)
        _report_unknown(block, _SOURCE_KEYS, where, problems)
        name = _field(block, "name", where, problems, _text, required=True)
        url = _field(block, "base_url", where, problems, _base_url, required=True)
        is_primary = _field(block, "primary", where, problems, _bool) or False
        given_auth = _field(block, "authentication", where, problems, _authentication)
        auth = given_auth or Authentication.SMART
        token_env = _field(block, "token_env", where, problems, _env_name)
        read_only = _field(block, "read_only", where, problems, _bool) or False
        if auth is Authentication.BEARER_ENV and "token_env" not in block:
            problems.add(f"{where}.token_env", Message("settings.token-env-missing"))
        auth_known = given_auth is not None or "authentication" not in block
        if auth_known and auth is not Authentication.BEARER_ENV and "token_env" in block:
            problems.add(f"{where}.token_env", Message("settings.token-env-unexpected"))
        if name is not None:
            if name.casefold() in names:
                problems.add(
                    f"{where}.name",
                    Message(
                        "settings.duplicate-name",
                        name=_shown(name),
                        other=names[name.casefold()],
                    ),
                )
            names.setdefault(name.casefold(), where)
        if url is not None:
            if url in urls:
                problems.add(
                    f"{where}.base_url", Message("settings.duplicate-url", other=urls[url])
                )
            urls.setdefault(url, where)
        if is_primary:
            if primary is not None:
                problems.add(
                    f"{where}.primary", Message("settings.duplicate-primary", other=primary)
                )
            primary = primary or where
        if len(problems.items) > before or name is None or url is None:
            ok = False
            continue
        sources.append(
            SourceConfig(
                name=name,
                base_url=url,
                primary=is_primary,
                authentication=auth,
                token_env=token_env,
                read_only=read_only,
            )
        )
    if ok:
        layer.sources = tuple(sources)


def _check(data: Mapping[str, object], path: Path, context: _Context) -> _Layer:
    problems = _Problems(path)
    layer = _Layer(path)
    _report_unknown(data, _TABLES, None, problems)
    _check_app(_table(data, "app", problems), layer, problems, context)
    _check_smart(_table(data, "smart", problems), layer, problems)
    if "sources" in data:
        _check_sources(data["sources"], layer, problems)
    if problems.items:
        raise ConfigError(problems.items)
    return layer


# -- combining --------------------------------------------------------------------------------


def _merge(
    installation: _Layer | None, user: _Layer | None, default_audit_log: Callable[[], Path]
) -> tuple[AppConfig, SmartConfig, tuple[SourceConfig, ...], list[str]]:
    notices: list[str] = []
    app: dict[str, Any] = {}
    smart: dict[str, Any] = {}
    sources: tuple[SourceConfig, ...] = ()
    for layer in (installation, user):
        if layer is not None:
            app.update(layer.app)
            smart.update(layer.smart)
            if layer.sources is not None:
                sources = layer.sources
    if installation is not None and user is not None:
        # What the installation fixes: view-only can only be switched on, and the audit log
        # stays where the installation puts it.
        if installation.app.get("force_view_only") and user.app.get("force_view_only") is False:
            app["force_view_only"] = True
            notices.append(
                Message(
                    "settings.notice.view-only",
                    user_file=str(user.path),
                    installation_file=str(installation.path),
                )
            )
        fixed_log = installation.app.get("audit_log")
        if fixed_log is not None:
            if user.app.get("audit_log") not in (None, fixed_log):
                notices.append(
                    Message(
                        "settings.notice.audit-log",
                        user_file=str(user.path),
                        installation_file=str(installation.path),
                        audit_log=str(fixed_log),
                    )
                )
            app["audit_log"] = fixed_log
    if "audit_log" not in app:
        app["audit_log"] = default_audit_log()
    return AppConfig(**app), SmartConfig(**smart), sources, notices


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _user_file(
    path: Path | str | None, env: Mapping[str, str], platform: str, home: str
) -> tuple[Path, str | None]:
    """The user file and what named it (``None``: the standard location)."""
    if path is not None and str(path):
        return Path(path).expanduser(), "--config"
    named = env.get(ENVIRONMENT_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser(), ENVIRONMENT_VARIABLE
    return user_config_path(platform=platform, environ=env, home=home), None


def load_config(
    path: Path | str | None = None,
    *,
    installation_path: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | str | None = None,
) -> Config:
    """Read the installation file, then the user file, and return the effective configuration.

    ``path`` is the user file from ``--config``; without it ``$PZP_DESKTOP_CONFIG``, else the
    OS-standard location (:func:`user_config_path`). ``installation_path`` replaces the
    OS-standard installation file (tests). Missing files at the standard locations mean
    defaults; a file named by ``--config`` or the environment variable must exist.
    ``environ``, ``platform`` and ``home`` default to this process's.

    Raises :class:`ConfigError` (with a Dutch and English :attr:`~ConfigError.user_message`)
    listing every problem of both files.
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home_dir = str(Path.home() if home is None else home)
    context = _Context(platform=platform, environ=env, home=home_dir)
    user_path, named_by = _user_file(path, env, platform, home_dir)
    installation_file = (
        installation_config_path(platform=platform, environ=env)
        if installation_path is None
        else Path(installation_path)
    )

    layers: list[_Layer | None] = []
    problems: list[ConfigProblem] = []
    for file, named in ((installation_file, None), (user_path, named_by)):
        if layers and layers[0] is not None and _same_file(file, layers[0].path):
            layers.append(None)  # --config names the installation file: read it once
            continue
        try:
            data = _read(file, must_exist=named is not None, named_by=named)
            layers.append(None if data is None else _check(data, file, context))
        except ConfigError as exc:
            problems.extend(exc.problems)
            layers.append(None)
    if problems:
        raise ConfigError(problems)

    installation, user = layers

    def default_audit_log() -> Path:
        from pzp_desktop.sources.audit_log import default_audit_path

        return default_audit_path(platform=platform, environ=env, home=Path(home_dir))

    app, smart, sources, notices = _merge(installation, user, default_audit_log)
    files = tuple(layer.path for layer in layers if layer is not None)
    return Config(app=app, smart=smart, sources=sources, files=files, notices=tuple(notices))


# -- the command line -------------------------------------------------------------------------


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--config PATH`` (destination ``config``) to ``parser``; pass ``args.config`` to
    :func:`load_config`."""
    parser.add_argument(
        "--config",
        default=None,
        metavar="BESTAND",
        help="gebruik dit instellingenbestand (TOML) in plaats van het standaardbestand "
        f"({user_config_path()}); ook via de omgevingsvariabele {ENVIRONMENT_VARIABLE}. Het "
        f"installatiebestand ({installation_config_path()}) wordt altijd eerst gelezen",
    )

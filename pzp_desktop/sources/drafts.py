"""Drafts of the editor, saved as the clinician types, encrypted at rest (product brief §5).

"Nothing typed is ever lost": the GUI calls :meth:`DraftStore.save` after edits (at most
every 2 seconds, from any thread), offers :meth:`DraftStore.list_pending` again after a crash
or a failed push, and calls :meth:`DraftStore.delete` after a successful push
(:func:`pzp_desktop.sources.push.push_draft` does that itself when given the store).

Storage
-------
* One file per user, source and patient. Its name is a keyed hash (HMAC-SHA256) of those
  three, so neither a patient id nor a BSN nor a user name appears on disk.
* Content: the draft's JSON (:meth:`Draft.to_json`), encrypted with AES-256-GCM. The file is
  ``PZPDRAFT\\x01`` + a random 96-bit nonce + ciphertext; the header and the file name are
  authenticated data, so a file renamed or altered on disk is rejected. Nothing is ever
  written in plain text (files are written to a temporary file and renamed atomically).
* The key: 32 random bytes in the OS keyring (``keyring``), service ``pzp-desktop``, name
  ``draft-key`` (base64), created on first save. The encryption key and the file-name key are
  derived from it with HKDF-SHA256.
* Location (:func:`default_draft_directory`), overridable with the ``directory`` argument or
  the environment variable ``PZP_DESKTOP_DRAFT_DIR``:

  ========  ==========================================================================
  Linux     ``$XDG_STATE_HOME/pzp-desktop/drafts``, else ``~/.local/state/pzp-desktop/drafts``
  macOS     ``~/Library/Application Support/PZP Desktop/drafts``
  Windows   ``%LOCALAPPDATA%\\PZP Desktop\\drafts``
  ========  ==========================================================================

  The directory is created with mode 0700 and files with 0600 (POSIX).
* Retention: a draft not saved for :data:`DEFAULT_RETENTION` (14 days, configurable) is
  deleted when drafts are listed; so is a file that cannot be decrypted (another key) once it
  is that old.

Without a keyring (none installed, locked, refused) the store is *unavailable*: ``save``
returns ``False`` without touching the disk and :attr:`DraftStore.problem` holds a Dutch
message the GUI shows ("the editor keeps working, but a crash loses what you typed").
:meth:`DraftStore.retry` tries the keyring again (e.g. after the user unlocked it).

Training mode (decision)
------------------------
Drafts of fictitious patients never mix with real ones: :func:`training_draft_store` keeps
them in a fresh temporary directory, encrypted like any draft but with a random key that
lives only in memory (the OS keyring is not touched), and :meth:`DraftStore.close` removes
that directory. The same code path runs as with real drafts (kept while typing, offered
again when the editor or the patient is opened again, deleted after a push), but nothing
outlives the run, as with the training audit log (:mod:`pzp_desktop.sources.session`): a
draft left by a crashed training run is unreadable noise in the system's temporary
directory. The application uses one store per run, chosen by the session's mode.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jaraco.classes import properties
from keyring.backend import KeyringBackend

from pzp_desktop import describe_exception
from pzp_desktop.domain.editing.draft import Draft, DraftFormatError

__all__ = [
    "DEFAULT_RETENTION",
    "DRAFT_DIR_ENV",
    "KEYRING_NAME",
    "KEYRING_SERVICE",
    "DraftStore",
    "PendingDraft",
    "default_draft_directory",
    "training_draft_store",
]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "pzp-desktop"
KEYRING_NAME = "draft-key"
DRAFT_DIR_ENV = "PZP_DESKTOP_DRAFT_DIR"
DEFAULT_RETENTION = timedelta(days=14)

MAGIC = b"PZPDRAFT\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
SUFFIX = ".draft"

UNAVAILABLE_NO_KEYRING = (
    "Concepten worden niet bewaard: de sleutelbos van het besturingssysteem is niet "
    "beschikbaar. U kunt gewoon verder werken, maar als PZP Desktop onverwacht stopt, gaat "
    "wat u hebt ingevuld verloren. Sla het gesprek daarom tijdig op."
)
UNAVAILABLE_LOCKED = (
    "Concepten worden niet bewaard: de sleutelbos van het besturingssysteem is vergrendeld. "
    "Ontgrendel de sleutelbos om concepten te bewaren. U kunt gewoon verder werken, maar als "
    "PZP Desktop onverwacht stopt, gaat wat u hebt ingevuld verloren."
)
UNAVAILABLE_BAD_KEY = (
    "Concepten worden niet bewaard: de sleutel voor concepten in de sleutelbos is onbruikbaar. "
    "Neem contact op met uw applicatiebeheerder. U kunt gewoon verder werken, maar als PZP "
    "Desktop onverwacht stopt, gaat wat u hebt ingevuld verloren."
)
UNAVAILABLE_DISK = (
    "Concepten kunnen niet worden bewaard: de map voor concepten is niet beschikbaar of vol. "
    "U kunt gewoon verder werken, maar als PZP Desktop onverwacht stopt, gaat wat u hebt "
    "ingevuld verloren."
)


def default_draft_directory(
    *,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """Where drafts live on this OS (see the module docstring)."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = home or Path.home()
    override = env.get(DRAFT_DIR_ENV)
    if override:
        return Path(override)
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA")
        root = Path(base) if base else home / "AppData" / "Local"
        return root / "PZP Desktop" / "drafts"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "PZP Desktop" / "drafts"
    state = env.get("XDG_STATE_HOME")
    root = Path(state) if state and Path(state).is_absolute() else home / ".local" / "state"
    return root / "pzp-desktop" / "drafts"


@dataclass(frozen=True, slots=True)
class PendingDraft:
    """A stored draft that was not pushed: offer it again."""

    draft: Draft
    saved_at: datetime

    @property
    def changed_items(self) -> int:
        return len(self.draft.changed_keys())

    def describe(self) -> str:
        """One Dutch line for the "continue where you left off?" dialog (no clinical data)."""
        date = self.draft.conversation.date
        when = f"gesprek van {date.display_date()}, " if date is not None else ""
        local = self.saved_at.astimezone()
        count = self.changed_items
        changed = "1 gewijzigd onderdeel" if count == 1 else f"{count} gewijzigde onderdelen"
        return (
            f"Niet opgeslagen concept ({when}{changed}), "
            f"laatst bewaard op {local.strftime('%d-%m-%Y %H:%M')}"
        )


class _Unavailable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DraftStore:
    """Encrypted drafts on disk; see the module docstring. Thread-safe."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        keyring_backend: KeyringBackend | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        owns_directory: bool = False,
    ) -> None:
        self.directory = directory or default_draft_directory()
        #: :meth:`close` removes :attr:`directory` (a training store's temporary directory).
        self.owns_directory = owns_directory
        self.retention = retention
        self._backend = keyring_backend
        self._clock = clock
        self._lock = threading.RLock()
        self._keys: tuple[bytes, bytes] | None = None
        self._problem: str | None = None
        self._last_saved: dict[Path, bytes] = {}
        #: Files :meth:`list_pending` could not read (another key, damaged), last call.
        self.unreadable = 0

    # -- key ---------------------------------------------------------------------------------

    @property
    def problem(self) -> str | None:
        """Why drafts are not being saved (Dutch), or ``None`` while all is well."""
        return self._problem

    @property
    def available(self) -> bool:
        """True when drafts can be saved (tries the keyring once if not tried yet)."""
        with self._lock:
            if self._keys is None and self._problem is None:
                self._load_keys(create=True)
            return self._keys is not None

    def retry(self) -> bool:
        """Try the keyring again after it was unavailable; returns :attr:`available`."""
        with self._lock:
            self._problem = None
            self._keys = None
            return self.available

    def _keyring(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def _load_keys(self, *, create: bool) -> tuple[bytes, bytes] | None:
        if self._keys is not None:
            return self._keys
        try:
            backend = self._keyring()
            stored = backend.get_password(KEYRING_SERVICE, KEYRING_NAME)
            if stored is None:
                if not create:
                    return None
                stored = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()
                backend.set_password(KEYRING_SERVICE, KEYRING_NAME, stored)
                # Read back: some backends accept a write they cannot keep.
                if backend.get_password(KEYRING_SERVICE, KEYRING_NAME) != stored:
                    raise _Unavailable(UNAVAILABLE_NO_KEYRING)
            master = _decode_key(stored)
        except _Unavailable as exc:
            self._problem = exc.message
            return None
        except keyring.errors.KeyringLocked:
            self._problem = UNAVAILABLE_LOCKED
            return None
        except Exception as exc:  # any backend failure: no keyring, D-Bus, refused access
            log.warning("Sleutelbos niet bruikbaar voor concepten: %s", describe_exception(exc))
            self._problem = UNAVAILABLE_NO_KEYRING
            return None
        self._keys = (
            _derive(master, b"pzp-desktop draft encryption"),
            _derive(master, b"pzp-desktop draft file name"),
        )
        self._problem = None
        return self._keys

    # -- files -------------------------------------------------------------------------------

    def file_name(self, *, user: str, source: str, patient_reference: str) -> str | None:
        """The file name of a draft (``None`` when no key is available)."""
        with self._lock:
            keys = self._load_keys(create=False)
        if keys is None:
            return None
        return _file_name(keys[1], user, source, patient_reference)

    def path_for(self, draft: Draft) -> Path | None:
        name = self.file_name(
            user=draft.user, source=draft.source, patient_reference=draft.patient_reference
        )
        return self.directory / name if name else None

    def save(self, draft: Draft) -> bool:
        """Encrypt and store ``draft`` (replacing the earlier one of the same user, source and
        patient). Returns ``False`` when drafts cannot be saved (:attr:`problem` says why);
        never raises for a keyring or disk problem."""
        with self._lock:
            keys = self._load_keys(create=True)
            if keys is None:
                return False
            encryption_key, name_key = keys
            name = _file_name(name_key, draft.user, draft.source, draft.patient_reference)
            path = self.directory / name
            body = draft.dumps()
            digest = hashlib.sha256(body).digest()
            if self._last_saved.get(path) == digest and path.exists():
                return True
            payload = json.dumps(
                {"savedAt": self._clock().isoformat(), "draft": json.loads(body)},
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
            blob = _encrypt(encryption_key, name, payload)
            try:
                self._ensure_directory()
                _atomic_write(path, blob)
            except OSError as exc:
                log.warning("Concept niet bewaard: %s", describe_exception(exc))
                self._problem = UNAVAILABLE_DISK
                return False
            if self._problem == UNAVAILABLE_DISK:
                self._problem = None
            self._last_saved[path] = digest
            return True

    def load(self, *, user: str, source: str, patient_reference: str) -> PendingDraft | None:
        """The stored draft of this user, source and patient, if any (and readable)."""
        with self._lock:
            keys = self._load_keys(create=False)
            if keys is None:
                return None
            name = _file_name(keys[1], user, source, patient_reference)
            return self._read(self.directory / name, keys[0])

    def list_pending(self, *, user: str | None = None) -> list[PendingDraft]:
        """Every stored draft (of ``user`` when given), most recently saved first. Expired
        drafts and old unreadable files are deleted on the way."""
        with self._lock:
            self.unreadable = 0
            if not self.directory.is_dir():
                return []
            keys = self._load_keys(create=False)
            now = self._clock()
            found: list[PendingDraft] = []
            for path in sorted(self.directory.glob(f"*{SUFFIX}")):
                pending = self._read(path, keys[0]) if keys is not None else None
                if pending is None:
                    self.unreadable += 1
                    if self._older_than_retention(path, now):
                        _unlink(path)
                    continue
                if now - pending.saved_at > self.retention:
                    _unlink(path)
                    continue
                if user is None or pending.draft.user == user:
                    found.append(pending)
            found.sort(key=lambda p: p.saved_at, reverse=True)
            return found

    def delete(self, draft: Draft) -> None:
        """Remove the stored draft of ``draft``'s user, source and patient (if any)."""
        with self._lock:
            path = self.path_for(draft)
            if path is not None:
                _unlink(path)
                self._last_saved.pop(path, None)

    def purge_expired(self) -> None:
        """Delete expired drafts (also done by :meth:`list_pending`)."""
        self.list_pending()

    def close(self) -> None:
        """At the end of the run: a store that owns its directory (training) removes it with
        every draft in it; any other store keeps its drafts for the next run."""
        with self._lock:
            if self.owns_directory:
                shutil.rmtree(self.directory, ignore_errors=True)
                self._last_saved.clear()

    # -- internals ---------------------------------------------------------------------------

    def _ensure_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(self.directory, 0o700)

    def _read(self, path: Path, encryption_key: bytes) -> PendingDraft | None:
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        try:
            payload = json.loads(_decrypt(encryption_key, path.name, blob))
            saved_at = datetime.fromisoformat(payload["savedAt"])
            if saved_at.tzinfo is None:
                saved_at = saved_at.replace(tzinfo=UTC)
            draft = Draft.from_json(payload["draft"])
        except (InvalidTag, ValueError, KeyError, TypeError, DraftFormatError):
            return None
        return PendingDraft(draft, saved_at)

    def _older_than_retention(self, path: Path, now: datetime) -> bool:
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            return False
        return now - modified > self.retention


class _MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything with the process: the training store's key.
    Never chosen by ``keyring`` itself (not viable as a system backend)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("in-memory keyring for training drafts only")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._passwords.pop((service, username), None)


def training_draft_store(*, retention: timedelta = DEFAULT_RETENTION) -> DraftStore:
    """The draft store of a training run: a fresh temporary directory and an in-memory key
    (see "Training mode" in the module docstring); call :meth:`DraftStore.close` at the end."""
    directory = Path(tempfile.mkdtemp(prefix="pzp-oefen-concepten-"))
    return DraftStore(
        directory, retention=retention, keyring_backend=_MemoryKeyring(), owns_directory=True
    )


# ---------------------------------------------------------------------------------------------
# Crypto helpers


def _decode_key(stored: str) -> bytes:
    try:
        master = base64.urlsafe_b64decode(stored.encode())
    except (ValueError, TypeError):
        raise _Unavailable(UNAVAILABLE_BAD_KEY) from None
    if len(master) != KEY_BYTES:
        raise _Unavailable(UNAVAILABLE_BAD_KEY)
    return master


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


def _file_name(name_key: bytes, user: str, source: str, patient_reference: str) -> str:
    message = "\x1f".join((user, source, patient_reference)).encode()
    return hmac.new(name_key, message, hashlib.sha256).hexdigest()[:40] + SUFFIX


def _encrypt(key: bytes, name: str, payload: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, payload, MAGIC + name.encode())


def _decrypt(key: bytes, name: str, blob: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
        raise ValueError("not a draft file")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    body = blob[len(MAGIC) + NONCE_BYTES :]
    return AESGCM(key).decrypt(nonce, body, MAGIC + name.encode())


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        _unlink(temporary)
        raise
    if os.name == "posix":
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        path.unlink()

"""Drafts: encrypted at rest, offered again after a crash, gone after a push, never plain text.

The keyring is a small in-memory backend set with ``keyring.set_keyring`` (never the
developer's real keyring).
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.errors
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.backends import fail

from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.sources.drafts import (
    DRAFT_DIR_ENV,
    KEYRING_NAME,
    KEYRING_SERVICE,
    UNAVAILABLE_LOCKED,
    UNAVAILABLE_NO_KEYRING,
    DraftStore,
    default_draft_directory,
    training_draft_store,
)
from tests.domain.editing.support import PATIENT_REF, new_draft

REPO = Path(__file__).resolve().parents[2]
SECRET_WORD = "Zonnebloemveld"  # what the clinician typed


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict. Not viable for keyring's own backend detection."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend; only used through keyring.set_keyring")

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path: Path, memory_keyring: MemoryKeyring) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def typed_draft():
    draft = new_draft()
    draft.set_answer(ItemKey(ItemId.CARE_WISHES), "1190", f"Wil thuis blijven, {SECRET_WORD}")
    return draft


def test_the_key_is_created_on_first_use_in_the_keyring(store, memory_keyring) -> None:
    assert memory_keyring.passwords == {}
    assert store.save(typed_draft())
    stored = memory_keyring.passwords[(KEYRING_SERVICE, KEYRING_NAME)]
    assert len(base64.urlsafe_b64decode(stored)) == 32
    assert store.problem is None


def test_a_draft_is_never_plain_text_on_disk(store) -> None:
    draft = typed_draft()
    assert store.save(draft)
    [path] = list(store.directory.iterdir())
    blob = path.read_bytes()
    for secret in (SECRET_WORD, "Zonnebloem", PATIENT_REF, "pat-1", draft.user, draft.source):
        assert secret.encode() not in blob
        assert secret.encode("utf-16-le") not in blob
        assert secret not in path.name
    assert path.name.endswith(".draft")
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert store.directory.stat().st_mode & 0o777 == 0o700


def test_a_saved_draft_is_offered_again(store) -> None:
    draft = typed_draft()
    store.save(draft)
    [pending] = store.list_pending(user=draft.user)
    assert pending.draft.to_json() == draft.to_json()
    assert pending.changed_items == 1
    assert "1 gewijzigd onderdeel" in pending.describe()
    assert SECRET_WORD not in pending.describe()
    assert store.list_pending(user="someone-else") == []
    loaded = store.load(user=draft.user, source=draft.source, patient_reference=PATIENT_REF)
    assert loaded is not None
    assert loaded.draft.identifier == draft.identifier


def test_one_file_per_patient_and_user(store) -> None:
    draft = typed_draft()
    store.save(draft)
    draft.set_answer(ItemKey(ItemId.OTHER_IMPORTANT), "1196", "geloof")
    store.save(draft)
    assert len(list(store.directory.iterdir())) == 1
    other_user = typed_draft()
    other_user.user = "uzi:999"
    store.save(other_user)
    assert len(list(store.directory.iterdir())) == 2


def test_delete_removes_the_draft(store) -> None:
    draft = typed_draft()
    store.save(draft)
    store.delete(draft)
    assert store.list_pending() == []
    assert list(store.directory.iterdir()) == []
    store.delete(draft)  # deleting twice is fine


def test_old_drafts_are_removed_after_the_retention(tmp_path, memory_keyring) -> None:
    now = [datetime(2026, 3, 1, tzinfo=UTC)]
    store = DraftStore(tmp_path, retention=timedelta(days=14), clock=lambda: now[0])
    store.save(typed_draft())
    now[0] += timedelta(days=13)
    assert len(store.list_pending()) == 1
    now[0] += timedelta(days=2)
    assert store.list_pending() == []
    assert list(tmp_path.iterdir()) == []


def test_a_tampered_or_renamed_file_is_not_read(store) -> None:
    draft = typed_draft()
    store.save(draft)
    [path] = list(store.directory.iterdir())
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    assert store.list_pending() == []
    assert store.unreadable == 1
    draft.set_answer(ItemKey(ItemId.OTHER_IMPORTANT), "1196", "geloof")
    store.save(draft)  # a changed draft is written again
    assert len(store.list_pending()) == 1
    [path] = list(store.directory.iterdir())
    path.rename(path.with_name("0" * 40 + ".draft"))
    assert store.list_pending() == []


def test_drafts_of_another_key_are_not_readable(tmp_path, memory_keyring) -> None:
    DraftStore(tmp_path).save(typed_draft())
    memory_keyring.passwords.clear()  # the keyring was reset: a new key
    store = DraftStore(tmp_path)
    store.save(new_draft())
    assert len(store.list_pending()) == 1
    assert store.unreadable == 1


def test_without_a_keyring_nothing_is_written_and_the_user_is_told(tmp_path) -> None:
    store = DraftStore(tmp_path / "drafts", keyring_backend=fail.Keyring())
    assert not store.save(typed_draft())
    assert not store.available
    assert store.problem == UNAVAILABLE_NO_KEYRING
    assert "sleutelbos" in store.problem
    assert "verder werken" in store.problem
    assert not (tmp_path / "drafts").exists()
    assert store.list_pending() == []


def test_a_locked_keyring_says_so_and_can_be_retried(tmp_path) -> None:
    backend = LockedKeyring()
    store = DraftStore(tmp_path, keyring_backend=backend)
    assert not store.save(typed_draft())
    assert store.problem == UNAVAILABLE_LOCKED
    backend.__class__ = MemoryKeyring  # the user unlocked it
    assert store.retry()
    assert store.save(typed_draft())
    assert store.problem is None


def test_an_unwritable_directory_is_reported(tmp_path, memory_keyring) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = DraftStore(blocker / "drafts")
    assert not store.save(typed_draft())
    assert store.problem is not None
    assert "map voor concepten" in store.problem


def test_default_locations_per_os(tmp_path) -> None:
    home = Path("/home/anna")
    assert default_draft_directory(platform="linux", environ={}, home=home) == (
        home / ".local/state/pzp-desktop/drafts"
    )
    assert default_draft_directory(
        platform="linux", environ={"XDG_STATE_HOME": "/var/state"}, home=home
    ) == Path("/var/state/pzp-desktop/drafts")
    assert default_draft_directory(platform="darwin", environ={}, home=home) == (
        home / "Library/Application Support/PZP Desktop/drafts"
    )
    assert default_draft_directory(
        platform="win32", environ={"LOCALAPPDATA": "C:/Users/anna/AppData/Local"}, home=home
    ) == Path("C:/Users/anna/AppData/Local/PZP Desktop/drafts")
    assert default_draft_directory(
        platform="linux", environ={DRAFT_DIR_ENV: str(tmp_path)}, home=home
    ) == Path(tmp_path)


CRASHING_EDITOR = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    import keyring
    from keyring.backend import KeyringBackend

    from pzp_desktop.domain.items import ItemId, ItemKey
    from pzp_desktop.sources.drafts import DraftStore
    from tests.domain.editing.support import new_draft


    class Backend(KeyringBackend):
        priority = 0

        def get_password(self, service, username):
            return sys.argv[2]

        def set_password(self, service, username, password):
            raise AssertionError("the key exists")

        def delete_password(self, service, username):
            pass


    keyring.set_keyring(Backend())
    store = DraftStore(Path(sys.argv[1]))
    draft = new_draft()
    key = ItemKey(ItemId.CARE_WISHES)
    typed = ""
    for n, letter in enumerate("Zonnebloemveld" * 1000):
        typed += letter
        draft.set_answer(key, "1190", typed)
        assert store.save(draft)
        if n == 13:
            print("saved", flush=True)
        time.sleep(0.002)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_draft_survives_a_crash(tmp_path, memory_keyring) -> None:
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    memory_keyring.set_password(KEYRING_SERVICE, KEYRING_NAME, key)
    editor = subprocess.Popen(
        [sys.executable, "-c", CRASHING_EDITOR, str(tmp_path), key],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert editor.stdout is not None
        assert editor.stdout.readline().strip() == "saved"
        editor.send_signal(signal.SIGKILL)  # the app dies in the middle of typing
        editor.wait(timeout=10)
    finally:
        if editor.poll() is None:
            editor.kill()
            editor.wait(timeout=10)
    assert editor.returncode == -signal.SIGKILL
    store = DraftStore(tmp_path)
    [pending] = store.list_pending()
    text = pending.draft.answer(ItemKey(ItemId.CARE_WISHES), "1190")
    assert isinstance(text, str)
    assert text.startswith("Zonnebloemveld")
    assert [c.key for c in pending.draft.changes()] == [ItemKey(ItemId.CARE_WISHES)]
    # No temporary files with plain text were left behind.
    for path in tmp_path.iterdir():
        assert b"Zonnebloem" not in path.read_bytes()


def test_training_drafts_stay_apart_and_leave_nothing_behind(memory_keyring) -> None:
    """Training mode: a temporary directory and a key only in memory (the OS keyring is not
    touched); encrypted like any draft; close() removes everything."""
    store = training_draft_store()
    try:
        assert store.directory != default_draft_directory()
        assert store.directory.name.startswith("pzp-oefen-concepten-")
        draft = typed_draft()
        assert store.save(draft)
        assert memory_keyring.passwords == {}  # the system keyring was never used
        [path] = list(store.directory.iterdir())
        assert SECRET_WORD.encode() not in path.read_bytes()
        [pending] = store.list_pending()
        assert pending.draft.answer(ItemKey(ItemId.CARE_WISHES), "1190") == (
            f"Wil thuis blijven, {SECRET_WORD}"
        )
        # Another run's training store cannot read it: the key went with the first one.
        other = training_draft_store()
        own_directory, other.directory = other.directory, store.directory
        assert other.list_pending() == []
        assert other.unreadable == 1
        other.directory = own_directory
        other.close()
        assert not own_directory.exists()
    finally:
        store.close()
    assert not store.directory.exists()
    # A real store never removes its directory.
    real = DraftStore(Path(store.directory.parent / "not-removed"))
    real.directory.mkdir()
    real.close()
    assert real.directory.is_dir()
    real.directory.rmdir()

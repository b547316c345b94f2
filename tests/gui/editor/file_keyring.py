"""A keyring backend for the editor tests that keeps its passwords in a JSON file, so that
two processes (the app that is killed, and the test that looks for its draft) share one
key. Never the developer's real keyring.

Activated with ``keyring.set_keyring(FileKeyring(path))`` in a test, or in a child process
through ``PYTHON_KEYRING_BACKEND=tests.gui.editor.file_keyring.FileKeyring`` plus
``PZP_TEST_KEYRING_FILE=<path>``.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend

__all__ = ["KEYRING_FILE_ENV", "FileKeyring"]

KEYRING_FILE_ENV = "PZP_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # Only viable for keyring's own backend detection in a child process that names it.
        if not os.environ.get(KEYRING_FILE_ENV):
            raise RuntimeError("test backend; needs PZP_TEST_KEYRING_FILE")
        return 1

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__()
        chosen = path or os.environ.get(KEYRING_FILE_ENV)
        if not chosen:
            raise RuntimeError(f"FileKeyring needs a path or {KEYRING_FILE_ENV}")
        self.path = Path(chosen)
        self._lock = threading.Lock()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._read().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            data = self._read()
            data[f"{service}\x00{username}"] = password
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data), encoding="utf-8")
            temporary.replace(self.path)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            data = self._read()
            data.pop(f"{service}\x00{username}", None)
            self.path.write_text(json.dumps(data), encoding="utf-8")

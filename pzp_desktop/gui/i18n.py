"""Languages: Dutch source texts, English through Qt Linguist.

* Texts in the Qt code are Dutch and go through ``self.tr()`` /
  ``QCoreApplication.translate()``; the English translations live in
  ``ui/translations/pzp_desktop_en.ts`` (Qt Linguist source, committed).
* The compiled ``.qm`` files are never committed: ``build_scripts/build_translations.sh``
  builds them into ``build/translations/`` (gitignored) with the venv's
  ``pyside6-lrelease``, and :func:`ensure_compiled` does the same at start-up when the
  ``.qm`` is missing or older than its ``.ts`` (into the user's cache directory when the
  checkout is not writable). A PyInstaller bundle ships them pre-built under
  ``translations/``.
* The domain chooses its own Dutch/English labels (form texts, code displays) by a ``lang``
  argument; :func:`current_language` is the one the GUI passes.

Which language: ``--lang``, else the configuration (once there is one), else the operating
system's locale (English for an English locale, Dutch otherwise).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QStandardPaths, QTranslator

from pzp_desktop.gui.ui_loader import ui_dir

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TranslationBuildError",
    "build_translation",
    "compiled_dir",
    "current_language",
    "ensure_compiled",
    "install_translation",
    "lrelease_executable",
    "resolve_language",
    "system_language",
    "ts_path",
]

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
CATALOGUE = "pzp_desktop"

_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


class TranslationBuildError(RuntimeError):
    """``lrelease`` is missing or failed."""


def current_language() -> str:
    """The language of the user interface (``"nl"`` or ``"en"``)."""
    return _current


def system_language() -> str:
    """The operating system's language if we have it, else Dutch."""
    language = QLocale.system().language()
    if language == QLocale.Language.English:
        return "en"
    return DEFAULT_LANGUAGE


def resolve_language(requested: str | None, configured: str | None = None) -> str:
    """``--lang``, else the configured language, else the OS locale."""
    for choice in (requested, configured):
        if choice in LANGUAGES:
            return choice
    return system_language()


def ts_path(language: str) -> Path:
    """The Qt Linguist source of ``language``."""
    return ui_dir() / "translations" / f"{CATALOGUE}_{language}.ts"


def compiled_dir() -> Path:
    """Where compiled ``.qm`` files are looked for first: the bundle's ``translations/``,
    or ``build/translations/`` of the checkout."""
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if bundle_dir is not None:
        return Path(bundle_dir) / "translations"
    return ui_dir().parent / "build" / "translations"


def _cache_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location or Path.home() / ".cache" / "pzp-desktop") / "translations"


def lrelease_executable() -> str | None:
    """``pyside6-lrelease`` of this Python environment (it ships with PySide6-Essentials)."""
    scripts = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        candidate = scripts / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("pyside6-lrelease")


def build_translation(language: str, output_dir: Path) -> Path:
    """Compile the ``.ts`` of ``language`` into ``output_dir``; returns the ``.qm`` path."""
    executable = lrelease_executable()
    if executable is None:
        raise TranslationBuildError("pyside6-lrelease not found in this Python environment")
    source = ts_path(language)
    if not source.is_file():
        raise TranslationBuildError(f"translation source {source.name} not found")
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{CATALOGUE}_{language}.qm"
    completed = subprocess.run(
        [executable, "-silent", str(source), "-qm", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if completed.returncode != 0 or not target.is_file():
        raise TranslationBuildError(
            f"lrelease failed for {source.name} (exit code {completed.returncode})"
        )
    return target


def _up_to_date(qm: Path, ts: Path) -> bool:
    try:
        return qm.is_file() and (not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime)
    except OSError:
        return False


def ensure_compiled(language: str) -> Path | None:
    """The ``.qm`` of ``language``, compiled now if it is missing or outdated; ``None``
    when there is none and it cannot be built (the app then shows Dutch)."""
    source = ts_path(language)
    for directory in (compiled_dir(), _cache_dir()):
        qm = directory / f"{CATALOGUE}_{language}.qm"
        if _up_to_date(qm, source):
            return qm
    if getattr(sys, "frozen", False):
        return None
    for directory in (compiled_dir(), _cache_dir()):
        try:
            return build_translation(language, directory)
        except (OSError, subprocess.SubprocessError, TranslationBuildError) as exc:
            log.info("Vertaling %s niet gebouwd in %s: %s", language, directory.name, exc)
    return None


def _remove_installed(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())


def install_translation(app: QCoreApplication, language: str) -> bool:
    """Switch the user interface to ``language``: locale formatting, Qt's own texts
    (dialog buttons) and ours. Returns False when our texts for ``language`` are
    unavailable; the interface is then Dutch throughout."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    QLocale.setDefault(QLocale(language))
    _remove_installed(app)
    _current = language

    qt_texts = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_texts.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_texts)
        _installed.append(qt_texts)

    if language == DEFAULT_LANGUAGE:
        return True
    qm = ensure_compiled(language)
    ours = QTranslator(app)
    if qm is None or not ours.load(str(qm)):
        # Rather all Dutch than a mix of Dutch screens and English form labels.
        log.warning("Geen vertaling voor %r gevonden; de teksten blijven Nederlands", language)
        install_translation(app, DEFAULT_LANGUAGE)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True

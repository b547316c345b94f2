"""The one place that shows errors to the user: Dutch (or the chosen language), saying what
happened and what to do; never a traceback, never patient data.

Errors are logged here too, as type and code location only
(:func:`pzp_desktop.describe_exception`): exception messages can carry a BSN or a name.

* :func:`user_message` — the text for an exception in the interface language (FHIR, launch
  and configuration errors carry their own safe ``user_message``, a Dutch/English catalogue
  text; anything else gets a general text); :func:`error_text` — the same, not yet rendered.
* :func:`show_error` — a window-modal, non-blocking message box with what failed and why.
* :func:`show_unexpected_error` — for errors escaping a Qt slot (see ``app.py``).
* :func:`show_launch_error` — a start of the GUI that failed before its window opened (bad
  launch arguments, a bad configuration file): a windowed build has no console, so the
  message that went to stderr is shown in a box too (:func:`build_launch_error_box`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pzp_desktop import describe_exception
from pzp_desktop.domain.messages import render
from pzp_desktop.fhir.errors import FhirError
from pzp_desktop.gui import i18n

__all__ = [
    "APPLICATION_TITLE",
    "build_launch_error_box",
    "error_text",
    "show_error",
    "show_launch_error",
    "show_unexpected_error",
    "user_message",
]

log = logging.getLogger(__name__)

APPLICATION_TITLE = "PZP Desktop"


def user_message(error: BaseException) -> str:
    """What to tell the user about ``error`` (safe to show: no patient data), in the
    interface language."""
    return render(error_text(error), i18n.current_language())


def error_text(error: BaseException) -> str:
    """:func:`user_message` before it is rendered: an error's own message as it is (a
    catalogue :class:`~pzp_desktop.domain.messages.Text` for FHIR, launch and configuration
    errors, so a widget can show it again in another language), else a general text in the
    interface language."""
    if isinstance(error, FhirError):
        return error.user_message
    own = getattr(error, "user_message", None)  # e.g. AuditLogError: Dutch and safe
    if isinstance(own, str) and own:
        return own
    if isinstance(error, PermissionError):
        return QCoreApplication.translate(
            "Errors", "U heeft geen toestemming om daar te schrijven. Kies een andere map."
        )
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "Errors",
            "Het bestand kon niet worden geschreven. Controleer of de map bestaat en of er "
            "genoeg ruimte is, en probeer het opnieuw.",
        )
    return QCoreApplication.translate(
        "Errors",
        "Er ging iets onverwachts mis. Probeer het opnieuw; blijft dit gebeuren, neem dan "
        "contact op met uw applicatiebeheerder.",
    )


def show_error(
    parent: QWidget | None, what: str, error: BaseException | None = None
) -> QMessageBox:
    """Show that ``what`` failed (a translated sentence such as "Het overzicht kon niet
    worden afgedrukt.") with the reason for ``error``. Does not block; returns the box."""
    if error is not None:
        log.error("Fout getoond aan de gebruiker: %s", describe_exception(error))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    # The window's own title: in training it says OEFENOMGEVING, like every window.
    title = parent.window().windowTitle() if parent is not None else ""
    box.setWindowTitle(title or APPLICATION_TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(what)
    if error is not None:
        box.setInformativeText(user_message(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName(QCoreApplication.translate("Errors", "Foutmelding"))
    box.setAccessibleDescription(f"{what} {box.informativeText()}".strip())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def show_unexpected_error(error: BaseException) -> None:
    """An error no code handled (it escaped a slot): log where, tell the user in Dutch."""
    log.error("Unexpected error in the GUI: %s", describe_exception(error))
    QMessageBox.critical(
        None,
        APPLICATION_TITLE,
        QCoreApplication.translate(
            "Errors",
            "Er ging iets onverwachts mis. Wat u aan het doen was, is mogelijk niet afgerond. "
            "Blijft dit gebeuren, neem dan contact op met uw applicatiebeheerder.",
        ),
    )


def build_launch_error_box(message: str) -> QMessageBox:
    """The box for a start that failed before the main window: "PZP Desktop kon niet
    starten." with ``message`` (a :class:`~pzp_desktop.domain.messages.Text` is shown in the
    interface language). Not shown yet: :func:`show_launch_error` runs it."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APPLICATION_TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(QCoreApplication.translate("Errors", "PZP Desktop kon niet starten."))
    box.setInformativeText(render(message, i18n.current_language()))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    # Started from another program: the box must not end up behind its window.
    box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    box.setAccessibleName(QCoreApplication.translate("Errors", "Foutmelding"))
    box.setAccessibleDescription(f"{box.text()} {box.informativeText()}")
    return box


def show_launch_error(message: str, language: str | None = None) -> None:
    """Show ``message`` in a box and wait until the user closes it (there is no window yet,
    so this blocks). ``language``: ``--lang`` or the configured language, ``None`` for the
    operating system's."""
    from pzp_desktop.gui.app import ensure_application  # app.py imports this module

    app = ensure_application()
    i18n.install_translation(app, i18n.resolve_language(language))
    build_launch_error_box(message).exec()

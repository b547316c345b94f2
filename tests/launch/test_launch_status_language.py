"""The start page after a failed launch shows the reason in the interface language, and
follows a language switch while it is shown."""

from __future__ import annotations

import pytest

from pzp_desktop.launch.errors import LaunchExpired


@pytest.mark.gui
def test_a_failed_launch_follows_the_interface_language(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from pzp_desktop.gui import i18n
    from pzp_desktop.gui.errors import error_text, user_message
    from pzp_desktop.gui.launch_flow import LaunchStatusWidget

    assert isinstance(qapp, QApplication)
    error = LaunchExpired()
    status = LaunchStatusWidget()
    try:
        status.show_failed(error_text(error))
        assert (
            status.message_text
            == "De start vanuit uw zorgsysteem is verlopen of al gebruikt. "
            + ("Open de patiënt opnieuw vanuit uw eigen systeem (EPD/HIS/ECD).")
        )
        i18n.install_translation(qapp, "en")
        qapp.processEvents()
        assert status.message_text.startswith("The launch from your care system has expired")
        assert status.message_text == user_message(error)
        assert status.message_text in status.accessibleDescription()
        i18n.install_translation(qapp, "nl")
        qapp.processEvents()
        assert status.message_text.startswith("De start vanuit uw zorgsysteem")
    finally:
        i18n.install_translation(qapp, "nl")
        status.deleteLater()

"""FHIR error messages in English: catalogue texts, Dutch unchanged, server texts as sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.messages import Message, Text, render
from pzp_desktop.fhir import errors
from pzp_desktop.sources.fetch import Source, SourceResult
from pzp_desktop.sources.status import status_of_error


def english(error: errors.FhirError) -> str:
    return render(error.user_message, "en")


@pytest.mark.parametrize(
    ("error", "dutch", "expected"),
    [
        (
            errors.Timeout(),
            "De bron antwoordde niet op tijd.",
            "The source did not answer in time. Try again later; if this keeps happening, "
            "contact your application administrator.",
        ),
        (
            errors.Unreachable(),
            "De bron is niet bereikbaar.",
            "The source cannot be reached. Check the network connection and the address of "
            "the source, and try again.",
        ),
        (
            errors.error_for_status(401),
            "U bent niet (meer) aangemeld bij deze bron. Meld u opnieuw aan. (HTTP 401)",
            "You are not (or no longer) signed in to this source. Sign in again. (HTTP 401)",
        ),
        (
            errors.error_for_status(410),
            "De gevraagde gegevens zijn niet gevonden in deze bron. (HTTP 410)",
            "The requested data were not found in this source. (HTTP 410)",
        ),
        (
            errors.error_for_status(418),
            "De bron weigerde het verzoek. (HTTP 418)",
            "The source refused the request. (HTTP 418)",
        ),
        (
            errors.WriteRefused(),
            "PZP Desktop staat in alleen-lezen modus",
            "PZP Desktop is in read-only mode: nothing is saved in the source.",
        ),
        (
            errors.AmbiguousPatient(),
            "Er zijn meerdere patiënten met dit BSN",
            "More than one patient with this BSN was found in this source. Open the patient "
            "from your own system or contact your application administrator.",
        ),
    ],
)
def test_errors_render_in_english_and_stay_dutch(
    error: errors.FhirError, dutch: str, expected: str
) -> None:
    assert isinstance(error.user_message, Text)
    assert error.user_message.startswith(dutch)
    assert str(error) == error.user_message.nl
    assert english(error) == expected


def test_every_status_has_an_english_message_with_its_code() -> None:
    for status in (400, 403, 404, 405, 409, 412, 422, 429, 500, 501, 502, 503, 504):
        error = errors.error_for_status(status)
        assert english(error) != error.user_message
        assert english(error).endswith(f"(HTTP {status})")
        assert " bron" not in english(error)


def test_issue_codes_in_english_and_server_texts_as_sent() -> None:
    issues = errors.parse_operation_outcome(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": "error", "code": "invariant", "diagnostics": "Regel 999990007"},
                {"severity": "fatal", "code": "x-local-code"},
                {"severity": "error", "code": "invariant"},
                {"severity": "warning", "code": "informational", "diagnostics": "note"},
            ],
        }
    )
    error = errors.error_for_status(422, issues)
    assert error.user_message == (
        "De bron kan dit verzoek niet verwerken. (HTTP 422) Melding van de bron: regel van het "
        "profiel geschonden, x-local-code."
    )
    assert english(error) == (
        "The source cannot process this request. (HTTP 422) Reported by the source: profile "
        "rule violated, x-local-code."
    )
    # What the server explained stays in its own language, BSN-like numbers masked.
    assert error.server_messages == ["Regel *********", "note"]


def test_content_errors_with_and_without_a_place() -> None:
    plain = errors.ContentError("ongeldige JSON")
    assert english(plain) == (
        "The source gave an answer that PZP Desktop cannot read (ongeldige JSON). Contact your "
        "application administrator if this keeps happening."
    )
    bilingual = errors.ContentError(Text("lege pagina", "empty page"), "Bundle.link[0].url")
    assert bilingual.user_message == (
        "De bron gaf een antwoord dat PZP Desktop niet kan lezen (lege pagina bij "
        "Bundle.link[0].url). Neem contact op met uw applicatiebeheerder als dit blijft "
        "gebeuren."
    )
    assert english(bilingual).startswith(
        "The source gave an answer that PZP Desktop cannot read (empty page at Bundle.link[0].url)."
    )
    assert (bilingual.reason, bilingual.path) == ("lege pagina", "Bundle.link[0].url")


def test_content_reasons_in_both_languages() -> None:
    error = errors.ContentError(errors.ContentReason.INVALID_JSON, "Bundle.entry[0]")
    assert error.user_message == (
        "De bron gaf een antwoord dat PZP Desktop niet kan lezen (ongeldige JSON bij "
        "Bundle.entry[0]). Neem contact op met uw applicatiebeheerder als dit blijft gebeuren."
    )
    assert "(invalid JSON at Bundle.entry[0])" in english(error)
    wrong = errors.ContentReason.wrong_type("Bundle", ("Patient", "Group"))
    assert wrong == "Bundle in plaats van Patient of Group"
    assert render(wrong, "en") == "Bundle instead of Patient or Group"
    bundle = errors.ContentReason.wrong_bundle_type("batch", "searchset")
    assert bundle == "bundle van type 'batch' in plaats van searchset"
    assert render(bundle, "en") == "bundle of type 'batch' instead of searchset"


def test_a_message_given_by_the_caller_is_kept() -> None:
    given = errors.NotFound(404, user_message=errors.NO_PATIENT_WITH_BSN)
    assert given.user_message == "Geen patiënt met dit BSN gevonden in deze bron."
    assert english(given) == "No patient with this BSN was found in this source."
    plain = errors.ServerError(500, user_message="Eigen tekst.")
    assert english(plain) == "Eigen tekst."


def test_nested_in_a_push_failure() -> None:
    error = errors.error_for_status(503)
    message = Message(
        "push.failure", reason=error.user_message, advice=Message("push.failure.ask-admin")
    )
    assert message.startswith("Het gesprek is niet opgeslagen. De bron is tijdelijk")
    assert message.render("en") == (
        "The conversation has not been saved. The source is temporarily unavailable. Try "
        "again later. (HTTP 503) Contact your application administrator if this keeps "
        "happening."
    )


# ------------------------------------------------------------------------------ in the GUI


@pytest.fixture
def english_interface(qapp: QApplication) -> Iterator[QApplication]:
    from pzp_desktop.gui import i18n

    if i18n.lrelease_executable() is None:
        pytest.skip("LOUD SKIP: pyside6-lrelease missing, the English interface cannot be built")
    assert i18n.install_translation(qapp, "en")
    yield qapp
    i18n.install_translation(qapp, "nl")


@pytest.mark.gui
def test_error_boxes_and_source_status_follow_the_language(
    english_interface: QApplication, qtbot: QtBot
) -> None:
    from pzp_desktop.gui import i18n
    from pzp_desktop.gui.errors import user_message
    from pzp_desktop.gui.source_status_widget import SourceStatusWidget

    assert user_message(errors.Unreachable()).startswith("The source cannot be reached.")

    widget = SourceStatusWidget()
    qtbot.addWidget(widget)
    source = Source("Huisarts", "https://his.example/fhir")
    widget.set_sources([source])
    error = errors.error_for_status(403)
    result = SourceResult(source, status_of_error(error), error=error)
    result.message = error.user_message
    widget.update_result(result)
    assert "You are not allowed to see these data in this source." in widget.text_of("Huisarts")
    assert "toestemming voor deze gegevens" not in widget.text_of("Huisarts")

    # Back to Dutch: the same message is shown again in Dutch.
    i18n.install_translation(english_interface, "nl")
    qtbot.waitUntil(lambda: "toestemming voor deze gegevens" in widget.text_of("Huisarts"))
    assert "You are not allowed" not in widget.text_of("Huisarts")

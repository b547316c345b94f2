"""Print and PDF of the overview: produced, and saying what a transfer needs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.consolidation import consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    ReadProblem,
    RecordedItem,
)
from pzp_desktop.domain.reading.consents import UNREADABLE_TREATMENT_DIRECTIVE
from pzp_desktop.gui.main_window import MainWindow
from pzp_desktop.gui.print_export import PrintContent, export_pdf, overview_html
from pzp_desktop.sources.fetch import Source, SourceResult
from pzp_desktop.sources.status import SourceStatus
from tests.gui.conftest import ARTIFACTS, OpenWindow
from tests.gui.pdf_text import pdf_pages_text, pdf_text

pytestmark = pytest.mark.gui

SNAPSHOT = "De bron bevat de actuele gegevens; deze afdruk is een momentopname."


def audit_actions(window: MainWindow) -> list[str]:
    session = window.session
    assert session is not None
    assert session.audit_log is not None
    lines = session.audit_log.path.read_text(encoding="utf-8").splitlines()
    actions = [json.loads(line)["action"] for line in lines]
    return [action for action in actions if action != "send-audit-event"]


def test_pdf_of_mulder_says_everything_a_transfer_needs(
    qtbot: QtBot, open_training_patient: OpenWindow, tmp_path: Path
) -> None:
    window = open_training_patient("mulder")
    path = tmp_path / "overzicht.pdf"
    assert window.pdf_action.isEnabled()
    assert window.export_pdf(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "print_mulder.pdf").write_bytes(data)  # for a human to look at
    text = pdf_text(data)
    for expected in (
        "OEFENOMGEVING",
        "Aaltje Mulder",
        "geboren 02-11-1938",
        "BSN 9999.90.020",
        "Proactieve zorgplanning — overzicht",
        "Afgedrukt op",
        "door Oefengebruiker, Arts, Oefenomgeving PZP Desktop",
        SNAPSHOT,
        "Oefenziekenhuis Oost (EPD): Geladen",
        "Huisartsenpraktijk De Oefenlinde (HIS): Geladen",
        "Kernafspraken",
        "NIET REANIMEREN",
        "Geen besluit vastgelegd",
        "Bronnen spreken elkaar tegen",
        "Hospice — Hospice in de buurt van haar zoon",
        "4. Behandelgrenzen",
        "8. Informatie delen",
        "nog niet besproken",
    ):
        assert expected in text, expected
    # Every page identifies the patient, says it is training, and numbers itself.
    pages = pdf_pages_text(data)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Aaltje Mulder" in page
        assert "BSN 9999.90.020" in page
        assert "OEFENOMGEVING" in page
        assert f"Pagina {number} van {len(pages)}" in page
    # Exporting is audited (in the background).
    qtbot.waitUntil(lambda: "export-pdf" in audit_actions(window), timeout=10_000)
    assert audit_actions(window)[:2] == ["open-patient", "view"]


def test_printing_goes_through_the_print_dialog(
    qtbot: QtBot,
    open_training_patient: OpenWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_training_patient("devries")
    target = tmp_path / "afdruk.pdf"

    class AcceptingPrintDialog:
        class DialogCode:
            Accepted = 1

        def __init__(self, printer: QPrinter, parent: object) -> None:
            # What a user's choice of "print to file" amounts to.
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        def setWindowTitle(self, title: str) -> None:
            assert title == "Overzicht afdrukken — OEFENOMGEVING"

        def exec(self) -> int:
            return 1

    monkeypatch.setattr("PySide6.QtPrintSupport.QPrintDialog", AcceptingPrintDialog)
    window.print_action.trigger()
    assert "NIET REANIMEREN" in pdf_text(target.read_bytes())
    qtbot.waitUntil(lambda: "print" in audit_actions(window), timeout=10_000)


def test_a_pdf_that_cannot_be_written_gives_a_dutch_message(
    qtbot: QtBot, open_training_patient: OpenWindow, tmp_path: Path
) -> None:
    window = open_training_patient("devries")
    assert not window.export_pdf(tmp_path / "bestaat-niet" / "overzicht.pdf")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    box = next(box for box in boxes if box.isVisible())
    assert box.text() == "Het PDF-bestand kon niet worden opgeslagen."
    assert "Traceback" not in box.informativeText()
    box.close()


def _record(item: ItemId, answers: tuple[Answer, ...], source: str) -> RecordedItem:
    return RecordedItem(
        key=ItemKey(item),
        answers=answers,
        source=source,
        origin=Origin(OriginKind.RESOURCE, "Observation/1"),
        recorded=ClinicalDate.parse("2026-01-05"),
        date_basis=DateBasis.RECORD,
    )


def test_source_texts_are_escaped_and_missing_sources_are_said() -> None:
    hostile = "<b>vet</b> & <script>alert(1)</script>"
    overview = consolidate([_record(ItemId.OTHER_IMPORTANT, (Answer("1196", hostile),), "A")])
    results = [
        SourceResult(Source("A", "https://a.invalid/fhir", primary=True), SourceStatus.OK),
        SourceResult(
            Source("B", "https://b.invalid/fhir"),
            SourceStatus.UNREACHABLE,
            message="De bron is niet bereikbaar.",
        ),
    ]
    html = overview_html(PrintContent(None, overview, results))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Let op: niet alle bronnen konden worden gelezen." in html
    assert "B: Niet bereikbaar — De bron is niet bereikbaar." in html
    # Nothing found while a source is missing is not "nog niet besproken".
    assert "nog niet besproken" not in html
    assert "niet gevonden in de gelezen bronnen" in html
    assert "OEFENOMGEVING" not in html  # not training


def test_export_pdf_without_a_window(tmp_path: Path, qapp: QApplication) -> None:
    overview = consolidate([])
    results = [SourceResult(Source("A", "https://a.invalid/fhir"), SourceStatus.OK)]
    path = tmp_path / "leeg.pdf"
    pages = export_pdf(path, PrintContent(None, overview, results, training=True))
    assert pages >= 1
    text = pdf_text(path.read_bytes())
    assert "Patiënt onbekend" in text
    assert re.search(r"Pagina 1 van \d", text)


def _key_decisions_section(html: str) -> str:
    start = html.index("Kernafspraken")
    return html[start : html.index("<h2>", start)]


def test_the_printout_does_not_say_not_discussed_when_a_treatment_limit_was_unreadable(
    qapp: QApplication,
) -> None:
    results = [SourceResult(Source("A", "https://a.invalid/fhir", primary=True), SourceStatus.OK)]
    overview = consolidate([])
    # The control: nothing recorded and everything read is "Nog niet besproken".
    readable = _key_decisions_section(overview_html(PrintContent(None, overview, results)))
    assert "Nog niet besproken" in readable
    assert "Mogelijk onvolledig" not in readable
    # A treatment directive of which the treatment could not be recognised may be any of them.
    problem = ReadProblem("A", "Consent/9", UNREADABLE_TREATMENT_DIRECTIVE)
    html = overview_html(PrintContent(None, overview, results, problems=[problem]))
    section = _key_decisions_section(html)
    assert "Nog niet besproken" not in section
    assert "Mogelijk onvolledig" in section
    assert "Een behandelgrens in de bron kon niet worden gelezen; raadpleeg de bron." in section


def _items_section(html: str) -> str:
    start = html.index("Overzicht van alle onderdelen")
    return html[start : html.index("</body>", start)]


def _printed_row(section: str, label_start: str) -> str:
    """The printed table row of the item whose label starts with ``label_start``."""
    start = section.index(f"<tr><td>{label_start}")
    return section[start : section.index("</tr>", start)]


def test_the_printed_table_does_not_say_not_discussed_when_a_treatment_limit_was_unreadable(
    qapp: QApplication,
) -> None:
    results = [SourceResult(Source("A", "https://a.invalid/fhir", primary=True), SourceStatus.OK)]
    overview = consolidate([])
    maybe_incomplete = "mogelijk onvolledig: een behandelgrens in de bron kon niet worden gelezen"
    # The control: nothing recorded and everything read is "nog niet besproken".
    readable = _items_section(overview_html(PrintContent(None, overview, results)))
    assert "nog niet besproken" in _printed_row(readable, "4a ")
    assert maybe_incomplete not in readable
    problem = ReadProblem("A", "Consent/9", UNREADABLE_TREATMENT_DIRECTIVE)
    section = _items_section(overview_html(PrintContent(None, overview, results, [problem])))
    for prefix in ("4a", "4b", "4c", "4d", "4e", "4f", "4g", "4i"):
        row = _printed_row(section, f"{prefix} ")
        assert maybe_incomplete in row, prefix
        assert "nog niet besproken" not in row
        assert 'class="note"' in row  # a warning, not a muted row
    # 4h (has an ICD) and other sections are not what a treatment directive records.
    assert "nog niet besproken" in _printed_row(section, "4h ")
    assert section.count(maybe_incomplete) == 8

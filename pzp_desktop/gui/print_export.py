"""Print and PDF export of the overview (transfers, paper workflows).

The document is HTML laid out by a ``QTextDocument`` and painted page by page on a
``QPrinter`` (a real printer, or ``PdfFormat`` for a PDF file), so that **every page** carries
the patient's identification, "OEFENOMGEVING" in training, the print date and the page
number. The first page also lists the sources with their status and the note that the
source holds the current data ("De bron bevat de actuele gegevens; deze afdruk is een
momentopname").

Content: the key decisions (the same texts as the banner), the whole form in the standard's
order with value, date, professional, source and remarks (conflicts with every value and
its source), the sources and what could not be read. Every text from a source is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from pzp_desktop.domain.consolidation import Overview
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import SECTION_OF, ReadProblem
from pzp_desktop.domain.messages import render
from pzp_desktop.domain.patient import PatientSummary
from pzp_desktop.domain.reading.consents import hides_treatment_directive
from pzp_desktop.gui.key_decisions_widget import Tone, describe_key_decisions
from pzp_desktop.gui.overview_model import (
    item_summary,
    maybe_incomplete,
    not_discussed_text,
    record_summary,
    section_headings,
)
from pzp_desktop.gui.overview_widget import problem_lines
from pzp_desktop.gui.patient_banner import age_on, format_bsn
from pzp_desktop.gui.source_status_widget import FAILED_STATUSES, status_label
from pzp_desktop.sources.fetch import SourceResult
from pzp_desktop.sources.session import SessionUser

__all__ = [
    "SNAPSHOT_NOTE",
    "TRAINING_MARK",
    "PrintContent",
    "export_pdf",
    "overview_html",
    "print_overview",
]

_CONTEXT = "PrintExport"

SNAPSHOT_NOTE = str(
    QT_TRANSLATE_NOOP(
        "PrintExport", "De bron bevat de actuele gegevens; deze afdruk is een momentopname."
    )
)
TRAINING_MARK = str(QT_TRANSLATE_NOOP("PrintExport", "OEFENOMGEVING"))


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass
class PrintContent:
    """What is printed: the open patient's data at the moment of printing."""

    patient: PatientSummary | None
    overview: Overview
    results: Sequence[SourceResult]
    problems: Sequence[ReadProblem] = ()
    user: SessionUser | None = None
    training: bool = False
    lang: str = "nl"
    printed_at: datetime = field(default_factory=lambda: datetime.now(AMSTERDAM))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _patient_line(patient: PatientSummary | None, printed: date) -> str:
    if patient is None:
        return QCoreApplication.translate("PrintExport", "Patiënt onbekend")
    parts = [patient.name or QCoreApplication.translate("PrintExport", "Naam onbekend")]
    if patient.birth_date is not None:
        born = patient.birth_date.display_date()
        age = age_on(patient.birth_date, printed)
        parts.append(
            QCoreApplication.translate("PrintExport", "geboren %1").replace("%1", born)
            + (
                " " + QCoreApplication.translate("PrintExport", "(%1 jaar)").replace("%1", str(age))
                if age is not None
                else ""
            )
        )
    if patient.bsn:
        parts.append(
            QCoreApplication.translate("PrintExport", "BSN %1").replace(
                "%1", format_bsn(patient.bsn)
            )
        )
    return " · ".join(parts)


# The overview's columns and their share of the page width.
_COLUMNS = (
    (str(QT_TRANSLATE_NOOP("PrintExport", "Onderdeel")), 18),
    (str(QT_TRANSLATE_NOOP("PrintExport", "Waarde")), 29),
    (str(QT_TRANSLATE_NOOP("PrintExport", "Datum")), 10),
    (str(QT_TRANSLATE_NOOP("PrintExport", "Vastgelegd door")), 13),
    (str(QT_TRANSLATE_NOOP("PrintExport", "Bron")), 17),
    (str(QT_TRANSLATE_NOOP("PrintExport", "Opmerkingen")), 13),
)

_TONE_STYLE = {
    Tone.LIMIT: "background-color:#b3121b; color:#ffffff; font-weight:bold;",
    Tone.FULL: "background-color:#e6f3ea; color:#0c3d20;",
    Tone.CONDITIONAL: "background-color:#e6eefa; color:#0d2b55;",
    Tone.WARNING: "background-color:#fff1c2; color:#000000; font-weight:bold;",
    Tone.NEUTRAL: "background-color:#f1f2f4; color:#1f2328;",
}


_INCOMPLETE_NOTE = str(
    QT_TRANSLATE_NOOP(
        "PrintExport",
        "Let op: niet alle bronnen konden worden gelezen. Het overzicht en de kernafspraken "
        "kunnen onvolledig zijn.",
    )
)
_STYLE = """
body { font-family: sans-serif; color: #000000; }
h1 { font-size: 16pt; margin: 0 0 4pt 0; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt 0; }
h3 { font-size: 11pt; margin: 8pt 0 2pt 0; }
td, th { padding: 2pt; vertical-align: top; }
th { background-color: #e8ecf2; text-align: left; }
table.items { font-size: 8.5pt; }
.muted { color: #4a4f57; font-style: italic; }
.training { background-color: #ffd60a; color: #000000; font-weight: bold; }
.note { font-weight: bold; }
.conflict { background-color: #fff1c2; }
"""


def _row(cells: Sequence[str], *, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<tr{attribute}>" + "".join(f"<td>{_e(cell)}</td>" for cell in cells) + "</tr>"


def _table(css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f'<table{attribute} width="100%" cellspacing="0" cellpadding="3" border="1">'


def _key_decisions_html(content: PrintContent, incomplete: bool) -> list[str]:
    out = ["<h2>" + _e(QCoreApplication.translate("PrintExport", "Kernafspraken")) + "</h2>"]
    if incomplete:
        out.append(f'<p class="note">{_e(_tr(_INCOMPLETE_NOTE))}</p>')
    out.append(_table())
    # A treatment directive that could not be read may be any key decision: none of them
    # may then say "Nog niet besproken" (as in the banner).
    unreadable = any(hides_treatment_directive(p) for p in content.problems)
    views = describe_key_decisions(
        content.overview, content.lang, incomplete=incomplete, unreadable=unreadable
    )
    for view in views:
        lines = [*view.details, view.meta]
        text = "<br/>".join(_e(line) for line in lines if line)
        out.append(
            f'<tr><td width="24%"><b>{_e(view.title)}</b></td>'
            f'<td width="28%" style="{_TONE_STYLE[view.tone]}">{_e(view.headline)}</td>'
            f"<td>{text}</td></tr>"
        )
    out.append("</table>")
    return out


def _items_html(content: PrintContent, incomplete: bool) -> list[str]:
    lang = content.lang
    # As on screen: an empty treatment limit is "mogelijk onvolledig" then.
    unreadable = any(hides_treatment_directive(p) for p in content.problems)
    headings = section_headings(lang)
    form = load_form()
    header = "<tr>" + "".join(
        f'<th width="{width}%">{_e(_tr(text))}</th>' for text, width in _COLUMNS
    )
    out = [
        "<h2>"
        + _e(QCoreApplication.translate("PrintExport", "Overzicht van alle onderdelen"))
        + "</h2>"
    ]
    current_section: str | None = None
    for item_id, consolidated_items in content.overview.in_form_order():
        section = SECTION_OF[item_id][0]
        if section != current_section:
            if current_section is not None:
                out.append("</table>")
            if current_section == "1":  # section 2 is recorded per conversation
                per_conversation = QCoreApplication.translate(
                    "PrintExport", "Per gesprek vastgelegd: zie de gesprekken in PZP Desktop."
                )
                out.append(f"<h3>{_e(headings.get('2', '2'))}</h3>")
                out.append(f'<p class="muted">{_e(per_conversation)}</p>')
            current_section = section
            out.append(f"<h3>{_e(headings.get(section, section))}</h3>")
            out.append(_table("items") + header + "</tr>")
        label = f"{SECTION_OF[item_id]} {form.overview_label(item_id, lang)}"
        if not consolidated_items:
            empty = not_discussed_text(item_id, incomplete=incomplete, unreadable=unreadable)
            css = "note" if maybe_incomplete(item_id, unreadable=unreadable) else "muted"
            out.append(
                f'<tr><td>{_e(label)}</td><td colspan="5" class="{css}">{_e(empty)}</td></tr>'
            )
            continue
        for consolidated in consolidated_items:
            summary = item_summary(consolidated, lang)
            cells = [label, summary.value, summary.date, summary.professional, summary.source]
            cells.append("; ".join(summary.remarks))
            if not consolidated.conflicts:
                out.append(_row(cells))
                continue
            out.append(_row(cells, css_class="conflict").replace("<td>", "<td><b>", 2))
            for record in (consolidated.current, *consolidated.conflicts):
                conflict = record_summary(record, lang)
                out.append(
                    _row(
                        [
                            QCoreApplication.translate("PrintExport", "Tegenstrijdig"),
                            conflict.value,
                            conflict.date,
                            conflict.professional,
                            conflict.source,
                            "; ".join(conflict.remarks),
                        ],
                        css_class="conflict",
                    )
                )
    if current_section is not None:
        out.append("</table>")
    return out


def overview_html(content: PrintContent) -> str:
    """The body of the print-out (header and footer are painted per page). Every text
    is escaped: values come from external sources."""
    printed = content.printed_at.astimezone(AMSTERDAM)
    incomplete = any(result.status in FAILED_STATUSES for result in content.results)
    out: list[str] = [f"<html><head><style>{_STYLE}</style></head><body>"]
    if content.training:
        training = QCoreApplication.translate(
            "PrintExport", "OEFENOMGEVING — fictieve patiënt, niet voor gebruik in de zorg"
        )
        out.append(f'{_table()}<tr><td class="training">{_e(training)}</td></tr></table>')
    out.append(
        "<h1>"
        + _e(QCoreApplication.translate("PrintExport", "Proactieve zorgplanning — overzicht"))
        + "</h1>"
    )
    out.append(f"<p><b>{_e(_patient_line(content.patient, printed.date()))}</b></p>")
    line = QCoreApplication.translate("PrintExport", "Afgedrukt op %1").replace(
        "%1", printed.strftime("%d-%m-%Y %H:%M")
    )
    if content.user is not None:
        user = content.user
        who = ", ".join(p for p in (user.display, user.role, user.organisation) if p)
        line += " " + QCoreApplication.translate("PrintExport", "door %1").replace("%1", who)
    out.append(f"<p>{_e(line)}</p>")
    out.append(f'<p class="note">{_e(_tr(SNAPSHOT_NOTE))}</p>')

    out.append("<h2>" + _e(QCoreApplication.translate("PrintExport", "Bronnen")) + "</h2><ul>")
    for result in content.results:
        text = f"{result.source.name}: {status_label(result.status)}"
        if result.message:
            text += f" — {render(result.message, content.lang)}"
        out.append(f"<li>{_e(text)}</li>")
    out.append("</ul>")

    out.extend(_key_decisions_html(content, incomplete))
    out.extend(_items_html(content, incomplete))

    lines = problem_lines(content.problems)
    if lines:
        heading = QCoreApplication.translate(
            "PrintExport", "Niet alles uit de bronnen kon worden gelezen"
        )
        out.append(f"<h2>{_e(heading)}</h2><ul>")
        out.extend(f"<li>{_e(line)}</li>" for line in lines)
        out.append("</ul>")
    out.append(f'<p class="note">{_e(_tr(SNAPSHOT_NOTE))}</p>')
    out.append("</body></html>")
    return "\n".join(out)


def _header_footer_texts(content: PrintContent) -> tuple[str, str]:
    printed = content.printed_at.astimezone(AMSTERDAM)
    header = _patient_line(content.patient, printed.date())
    footer = "{} · {}".format(
        QCoreApplication.translate("PrintExport", "Afgedrukt op %1").replace(
            "%1", printed.strftime("%d-%m-%Y %H:%M")
        ),
        _tr(SNAPSHOT_NOTE),
    )
    return header, footer


def print_overview(printer: QPrinter, content: PrintContent) -> int:
    """Lay out and paint the overview on ``printer``; returns the number of pages."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer could not be started")
    try:
        return _paint_pages(painter, printer, content)
    finally:
        painter.end()


def _paint_pages(painter: QPainter, printer: QPrinter, content: PrintContent) -> int:
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    dpi = printer.resolution()
    line = dpi * 0.22  # a line of header/footer text, in device pixels
    header_height = line * 2.2
    footer_height = line * 2.0
    body = QRectF(0, header_height, page.width(), page.height() - header_height - footer_height)

    document = QTextDocument()
    document.setDocumentMargin(0)
    base = QFont()
    base.setPointSizeF(9.5)
    document.setDefaultFont(base)
    # Lay the document out in printer pixels so that point sizes come out right.
    document.documentLayout().setPaintDevice(printer)
    document.setHtml(overview_html(content))
    document.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, document.pageCount())

    header_text, footer_text = _header_footer_texts(content)
    small = QFont(base)
    small.setPointSizeF(8.5)
    bold = QFont(small)
    bold.setBold(True)

    for number in range(pages):
        if number > 0:
            printer.newPage()
        # header: patient identification (+ training mark), a rule
        painter.setFont(bold)
        painter.drawText(
            QRectF(0, 0, page.width(), line * 1.5),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            header_text,
        )
        if content.training:
            painter.drawText(
                QRectF(0, 0, page.width(), line * 1.5),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                _tr(TRAINING_MARK),
            )
        painter.drawLine(0, int(line * 1.7), int(page.width()), int(line * 1.7))
        # body: this page's slice of the document
        painter.save()
        painter.translate(body.left(), body.top() - number * body.height())
        clip = QRectF(0, number * body.height(), body.width(), body.height())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        painter.setClipRect(clip)
        document.documentLayout().draw(painter, context)
        painter.restore()
        # footer: print date, the snapshot note, page x of y
        top = page.height() - footer_height + line * 0.4
        painter.setFont(small)
        painter.drawLine(0, int(top), int(page.width()), int(top))
        page_text = QCoreApplication.translate("PrintExport", "Pagina %1 van %2").replace(
            "%1", str(number + 1)
        )
        page_text = page_text.replace("%2", str(pages))
        page_width = painter.fontMetrics().horizontalAdvance(page_text) + line
        painter.drawText(
            QRectF(0, top + line * 0.2, page.width() - page_width, line * 1.4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            footer_text,
        )
        painter.drawText(
            QRectF(0, top + line * 0.2, page.width(), line * 1.4),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            page_text,
        )
    return pages


def export_pdf(path: Path, content: PrintContent) -> int:
    """Write the overview as a PDF file; returns the number of pages. Raises ``OSError``
    when the file cannot be written."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCreator("PZP Desktop")
    printer.setDocName(
        QCoreApplication.translate("PrintExport", "Proactieve zorgplanning — overzicht")
    )
    pages = print_overview(printer, content)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"PDF not written: {path.name}")
    return pages

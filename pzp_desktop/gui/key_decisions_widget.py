"""The key decisions on top: resuscitation, ventilation, ICU, hospital admission, ICD.

Acute care reads this banner in seconds, so each decision is one tile with text + icon +
colour (never colour alone; the text always says the meaning):

=====================  ===========  =============================================
decision               tone         headline (Dutch)
=====================  ===========  =============================================
Niet uitvoeren         limit (red)  "NIET REANIMEREN", "NIET BEADEMEN", …
Wel uitvoeren          full         "Wel reanimeren", …  (ICD: "ICD UITZETTEN" is a limit)
Anders                 conditional  "Anders: <specificatie>" (ICD: the free text)
Onbekend               neutral      "Onbekend" (ICD: the form's own answer)
Geen besluit           neutral      "Geen besluit vastgelegd"
Niet eenduidig         warning      "Niet eenduidig vastgelegd" + why, with the raw value
nothing recorded       neutral      "Nog niet besproken" (ICD: "Geen ICD" when none)
nothing, but a source  warning      "Niet gevonden" / "Mogelijk onvolledig": a source, or
  or record unreadable              a treatment directive in one, could not be read
sources disagree       warning      "Bronnen spreken elkaar tegen" + each value and source
ended                  neutral      "Afspraak beëindigd" + what it was
=====================  ===========  =============================================

A record whose conversation was withdrawn in the source (Encounter entered-in-error) keeps
its value, with the detail "Het gesprek van deze vastlegging is in de bron ingetrokken."

When sources disagree at the same latest date the tile shows the conflict and every value
with its source — it never picks one. An agreement that applies only from a future date says
so ("Geldt pas vanaf …"). Each tile says its date and source (and who recorded
it). :func:`describe_key_decision` holds this logic without widgets, so the print-out uses
exactly the same texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from pzp_desktop.domain.agreements import ICD_DEACTIVATION, ICD_NO, LIMIT_BY_ITEM
from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.consolidation import ConsolidatedItem, Overview
from pzp_desktop.domain.display import (
    DECISION_TEXT,
    coding_label,
    decision_of,
    not_in_force_text,
    starts_later,
    unclear_reason,
)
from pzp_desktop.domain.display import Decision as DomainDecision
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import KEY_DECISIONS, ItemId, RecordedItem, RecordStatus
from pzp_desktop.domain.reading.record_helpers import NOTE_CONVERSATION_WITHDRAWN
from pzp_desktop.gui.icons import IconName, pixmap

__all__ = [
    "KeyDecisionTileWidget",
    "KeyDecisionView",
    "KeyDecisionsWidget",
    "Tone",
    "describe_key_decision",
    "describe_key_decisions",
]

_CONTEXT = "KeyDecisions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class Tone(StrEnum):
    """How a tile looks (the style sheet selects on it); the text says the same."""

    LIMIT = "limit"  # a life-sustaining treatment is NOT to be given
    FULL = "full"  # the treatment is to be given
    CONDITIONAL = "conditional"  # "Anders": read the condition
    WARNING = "warning"  # contradicting or unclear: consult the sources
    NEUTRAL = "neutral"  # unknown, no decision, not discussed, ended


# Headlines for "Wel" and "Niet" per key decision (translated where used).
_HEADLINES: dict[ItemId, tuple[str, str]] = {
    ItemId.RESUSCITATION: (
        str(QT_TRANSLATE_NOOP("KeyDecisions", "Wel reanimeren")),
        str(QT_TRANSLATE_NOOP("KeyDecisions", "NIET REANIMEREN")),
    ),
    ItemId.VENTILATION: (
        str(QT_TRANSLATE_NOOP("KeyDecisions", "Wel beademen")),
        str(QT_TRANSLATE_NOOP("KeyDecisions", "NIET BEADEMEN")),
    ),
    ItemId.ICU_ADMISSION: (
        str(QT_TRANSLATE_NOOP("KeyDecisions", "Wel IC-opname")),
        str(QT_TRANSLATE_NOOP("KeyDecisions", "GEEN IC-OPNAME")),
    ),
    ItemId.HOSPITAL_ADMISSION: (
        str(QT_TRANSLATE_NOOP("KeyDecisions", "Wel ziekenhuisopname")),
        str(QT_TRANSLATE_NOOP("KeyDecisions", "GEEN ZIEKENHUISOPNAME")),
    ),
    ItemId.ICD_DEACTIVATION: (
        str(QT_TRANSLATE_NOOP("KeyDecisions", "ICD UITZETTEN")),
        str(QT_TRANSLATE_NOOP("KeyDecisions", "ICD niet uitzetten")),
    ),
}


@dataclass(frozen=True, slots=True)
class KeyDecisionView:
    """What one tile shows."""

    item_id: ItemId
    title: str  # "Reanimatie"
    headline: str  # "NIET REANIMEREN"
    tone: Tone
    icon: IconName
    details: tuple[str, ...] = ()  # comment, the conflicting values, "eerder anders"
    meta: str = ""  # "12-11-2026 · Anna Jansen · Huisartsenpraktijk De Oefenlinde (HIS)"

    @property
    def accessible_text(self) -> str:
        parts = [f"{self.title}: {self.headline}", *self.details, self.meta]
        return ". ".join(p.rstrip(".") for p in parts if p) + "."


def _comment(record: RecordedItem) -> str | None:
    link = (
        ICD_DEACTIVATION.comment
        if record.key.item is ItemId.ICD_DEACTIVATION
        else LIMIT_BY_ITEM[record.key.item].comment
    )
    value = record.answer(link)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _specification(record: RecordedItem) -> str | None:
    """The text of "Anders": SpecificatieAnders (4a-f), or the free decision text of the
    ICD agreement (4i), which has no "Anders" option in the form."""
    limit = LIMIT_BY_ITEM.get(record.key.item)
    link = limit.specification if limit is not None else None
    value = record.answer(link) if link is not None else None
    if not (isinstance(value, str) and value.strip()):
        value = record.answer(DECISION_TEXT)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _decision_headline(record: RecordedItem, lang: str) -> tuple[str, Tone, IconName]:
    """The headline, tone and icon of one record's decision."""
    item = record.key.item
    decision = decision_of(record)
    permit, deny = _HEADLINES[item]
    if decision is DomainDecision.DENY:
        if item is ItemId.ICD_DEACTIVATION:  # keeping the ICD on: full treatment
            return _tr(deny), Tone.FULL, IconName.PERMIT
        return _tr(deny), Tone.LIMIT, IconName.DENY
    if decision is DomainDecision.PERMIT:
        if item is ItemId.ICD_DEACTIVATION:  # switching shocks off limits treatment
            return _tr(permit), Tone.LIMIT, IconName.DENY
        return _tr(permit), Tone.FULL, IconName.PERMIT
    if decision is DomainDecision.OTHER:
        specification = _specification(record)
        other = QCoreApplication.translate("KeyDecisions", "Anders")
        return (
            f"{other}: {specification}" if specification else other,
            Tone.CONDITIONAL,
            IconName.OTHER,
        )
    if decision is DomainDecision.UNKNOWN:
        value = record.answer(ICD_DEACTIVATION.decision)
        if item is ItemId.ICD_DEACTIVATION and isinstance(value, Coding):
            return coding_label(value, ICD_DEACTIVATION.decision, lang), Tone.NEUTRAL, IconName.NONE
        return (
            QCoreApplication.translate("KeyDecisions", "Onbekend"),
            Tone.NEUTRAL,
            IconName.UNKNOWN,
        )
    if decision is DomainDecision.NONE:
        return (
            QCoreApplication.translate("KeyDecisions", "Geen besluit vastgelegd"),
            Tone.NEUTRAL,
            IconName.NONE,
        )
    return (
        QCoreApplication.translate("KeyDecisions", "Niet eenduidig vastgelegd"),
        Tone.WARNING,
        IconName.WARNING,
    )


def record_meta(record: RecordedItem, *, uncertain: bool = False, sources: str = "") -> str:
    """ "12-11-2026 · Anna Jansen · Huisartsenpraktijk De Oefenlinde (HIS)"."""
    parts: list[str] = []
    if record.recorded is not None:
        date = record.recorded.display_date()
        uncertain_text = QCoreApplication.translate("KeyDecisions", "datum onzeker")
        parts.append(f"{date} ({uncertain_text})" if uncertain else date)
    else:
        parts.append(QCoreApplication.translate("KeyDecisions", "datum onbekend"))
    if record.professional is not None and record.professional.name:
        parts.append(record.professional.name)
    parts.append(sources or record.source)
    return " · ".join(parts)


def _has_no_icd(overview: Overview) -> RecordedItem | None:
    icd = overview.get(ItemId.ICD)
    if icd is None or icd.ended or icd.conflicts:
        return None
    present = icd.current.answer("1006")
    if isinstance(present, Coding) and present.same_concept(ICD_NO):
        return icd.current
    return None


def describe_key_decision(
    item_id: ItemId,
    overview: Overview | None,
    lang: str = "nl",
    *,
    incomplete: bool = False,
    unreadable: bool = False,
) -> KeyDecisionView:
    """What the tile of ``item_id`` shows for ``overview`` (``None``: nothing loaded).

    ``incomplete``: a source could not be read. ``unreadable``: a source holds a treatment
    directive of which the treatment could not be recognised (it may be this one). In both
    cases nothing found is NOT "nog niet besproken" — the missing record may hold it — but
    a warning that says so."""
    title = load_form().overview_label(item_id, lang)
    consolidated: ConsolidatedItem | None = None
    if overview is not None:
        candidates = overview.of(item_id)
        consolidated = candidates[0] if candidates else None
    if consolidated is None:
        no_icd = _has_no_icd(overview) if overview and item_id is ItemId.ICD_DEACTIVATION else None
        if no_icd is not None:
            return KeyDecisionView(
                item_id,
                title,
                QCoreApplication.translate("KeyDecisions", "Geen ICD"),
                Tone.NEUTRAL,
                IconName.NONE,
                (),
                record_meta(no_icd),
            )
        if incomplete or unreadable:
            reasons: list[str] = []
            if incomplete:
                reasons.append(
                    QCoreApplication.translate(
                        "KeyDecisions", "Niet alle bronnen konden worden gelezen."
                    )
                )
            if unreadable:
                reasons.append(
                    QCoreApplication.translate(
                        "KeyDecisions",
                        "Een behandelgrens in de bron kon niet worden gelezen; raadpleeg de bron.",
                    )
                )
            headline = (
                QCoreApplication.translate("KeyDecisions", "Niet gevonden")
                if incomplete
                else QCoreApplication.translate("KeyDecisions", "Mogelijk onvolledig")
            )
            return KeyDecisionView(
                item_id, title, headline, Tone.WARNING, IconName.WARNING, tuple(reasons)
            )
        return KeyDecisionView(
            item_id,
            title,
            QCoreApplication.translate("KeyDecisions", "Nog niet besproken"),
            Tone.NEUTRAL,
            IconName.NONE,
        )

    current = consolidated.current
    if consolidated.conflicts:
        lines = []
        for record in (current, *consolidated.conflicts):
            headline, _tone, _icon = _decision_headline(record, lang)
            if record.status.value == "ended":
                ended_text = QCoreApplication.translate("KeyDecisions", "beëindigd")
                headline = f"{headline} ({ended_text})"
            if NOTE_CONVERSATION_WITHDRAWN in record.notes:
                withdrawn = QCoreApplication.translate("KeyDecisions", "gesprek ingetrokken")
                headline = f"{headline} ({withdrawn})"
            lines.append(f"{headline} — {record.source}")
        date = (
            current.recorded.display_date()
            if current.recorded
            else QCoreApplication.translate("KeyDecisions", "datum onbekend")
        )
        return KeyDecisionView(
            item_id,
            title,
            QCoreApplication.translate("KeyDecisions", "Bronnen spreken elkaar tegen"),
            Tone.WARNING,
            IconName.WARNING,
            (*lines, QCoreApplication.translate("KeyDecisions", "Raadpleeg de bronnen.")),
            f"{date} · "
            + QCoreApplication.translate("KeyDecisions", "zelfde datum in meerdere bronnen"),
        )

    headline, tone, icon = _decision_headline(current, lang)
    details: list[str] = []
    sources = ", ".join(consolidated.sources)
    meta = record_meta(current, uncertain=consolidated.date_uncertain, sources=sources)
    if consolidated.ended:
        details.append(
            QCoreApplication.translate("KeyDecisions", "Was: %1").replace("%1", headline)
        )
        headline, tone, icon = (
            QCoreApplication.translate("KeyDecisions", "Afspraak beëindigd"),
            Tone.NEUTRAL,
            IconName.ENDED,
        )
    elif current.status is RecordStatus.PROPOSED:
        # Only a proposal (draft) is known: never shown as the agreement in force.
        details.append(f"{headline} — {not_in_force_text(current, lang)}")
        headline, tone, icon = (
            QCoreApplication.translate("KeyDecisions", "Nog niet van kracht"),
            Tone.NEUTRAL,
            IconName.ENDED,
        )
    elif tone is Tone.WARNING:
        reason = unclear_reason(current, lang)
        if reason:
            details.append(reason[:1].upper() + reason[1:] + ".")
        details.append(QCoreApplication.translate("KeyDecisions", "Raadpleeg de bron."))
    if NOTE_CONVERSATION_WITHDRAWN in current.notes:
        details.append(
            QCoreApplication.translate(
                "KeyDecisions", "Het gesprek van deze vastlegging is in de bron ingetrokken."
            )
        )
    start = starts_later(current)
    if start is not None and not consolidated.ended:
        details.append(
            QCoreApplication.translate("KeyDecisions", "Geldt pas vanaf %1.").replace(
                "%1", start.display_date()
            )
        )
    comment = _comment(current)
    if comment:
        details.append(comment)
    newer_proposal = _newer_proposal(consolidated)
    if newer_proposal is not None:
        proposed, _tone, _icon = _decision_headline(newer_proposal, lang)
        details.append(
            QCoreApplication.translate("KeyDecisions", "Nieuwer: %1 — %2")
            .replace("%1", proposed)
            .replace("%2", not_in_force_text(newer_proposal, lang) or "")
        )
    elif consolidated.older_differs:
        details.append(
            QCoreApplication.translate("KeyDecisions", "Eerder anders vastgelegd (zie overzicht).")
        )
    return KeyDecisionView(item_id, title, headline, tone, icon, tuple(details), meta)


def _newer_proposal(consolidated: ConsolidatedItem) -> RecordedItem | None:
    """The newest proposal (not yet agreed) dated after the agreement shown, if any."""
    current = consolidated.latest_date
    if consolidated.current.status is RecordStatus.PROPOSED:
        return None
    for record in consolidated.older:  # newest first
        if (
            record.status is RecordStatus.PROPOSED
            and record.recorded is not None
            and (current is None or record.recorded.instant > current.instant)
        ):
            return record
    return None


def describe_key_decisions(
    overview: Overview | None,
    lang: str = "nl",
    *,
    incomplete: bool = False,
    unreadable: bool = False,
) -> list[KeyDecisionView]:
    return [
        describe_key_decision(item_id, overview, lang, incomplete=incomplete, unreadable=unreadable)
        for item_id in KEY_DECISIONS
    ]


# --------------------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------------------


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` scaled by ``factor`` (respects the application font and its size)."""
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    elif base.pixelSize() > 0:
        font.setPixelSize(round(base.pixelSize() * factor))
    font.setBold(bold)
    return font


class KeyDecisionTileWidget(QFrame):
    """One key decision: icon, title, headline, details, date and source."""

    def __init__(self, item_id: ItemId, *, prominent: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item_id
        self.setObjectName(f"keyDecision_{item_id.value}")
        self.setProperty("keyDecision", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._prominent = prominent
        self._icon_size = 34 if prominent else 26

        self._icon = QLabel(self)
        self._icon.setObjectName("keyDecisionIcon")
        self._icon.setFixedSize(self._icon_size, self._icon_size)
        self._title = QLabel(self)
        self._title.setObjectName("keyDecisionTitle")
        self._title.setWordWrap(True)
        self._headline = QLabel(self)
        self._headline.setObjectName("keyDecisionHeadline")
        self._headline.setWordWrap(True)
        self._details = QLabel(self)
        self._details.setObjectName("keyDecisionDetails")
        self._details.setWordWrap(True)
        self._meta = QLabel(self)
        self._meta.setObjectName("keyDecisionMeta")
        self._meta.setWordWrap(True)
        for label in (self._title, self._headline, self._details, self._meta):
            label.setTextFormat(Qt.TextFormat.PlainText)

        # One column of labels (no word-wrapped label inside a row layout: Qt would not give
        # it the height its wrapped lines need).
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self._title, 1, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self._headline)
        layout.addWidget(self._details)
        layout.addStretch(1)
        layout.addWidget(self._meta)
        self._view: KeyDecisionView | None = None
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        base = QFont(self.font())
        self._title.setFont(scaled_font(base, 0.95, bold=True))
        factor = 1.75 if self._prominent else 1.3
        if len(self._headline.text()) > 24:  # "Anders: <a condition>" reads better smaller
            factor = 1.1
        # Nothing (or nothing clear) agreed: quieter, so that what IS agreed stands out.
        quiet = self._view is not None and self._view.tone is Tone.NEUTRAL
        if quiet:
            factor = min(factor, 1.2)
        self._headline.setFont(scaled_font(base, factor, bold=not quiet))
        self._details.setFont(scaled_font(base, 1.0))
        self._meta.setFont(scaled_font(base, 0.9))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Never clip the text: at least as tall as the wrapped text needs at this width
        (a window too small for it scrolls the overview, not the key decisions)."""
        layout = self.layout()
        if layout is not None and self.width() > 0:
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))

    @property
    def view(self) -> KeyDecisionView | None:
        return self._view

    @property
    def headline(self) -> str:
        return self._headline.text()

    @property
    def details(self) -> str:
        return self._details.text()

    @property
    def meta(self) -> str:
        return self._meta.text()

    def show_view(self, view: KeyDecisionView) -> None:
        self._view = view
        self._title.setText(view.title)
        self._headline.setText(view.headline)
        self._details.setText("\n".join(view.details))
        self._details.setVisible(bool(view.details))
        self._meta.setText(view.meta)
        self._meta.setVisible(bool(view.meta))
        self._icon.setPixmap(pixmap(view.icon, self._icon_size, self.devicePixelRatioF()))
        self.setAccessibleName(view.title)
        self.setAccessibleDescription(view.accessible_text)
        self.setToolTip(view.accessible_text)
        self.setProperty("tone", view.tone.value)
        style = self.style()
        for widget in (self, self._title, self._headline, self._details, self._meta):
            style.unpolish(widget)
            style.polish(widget)
        self._apply_fonts()  # after polishing, which may restore a font set earlier
        self._fit_height()


class KeyDecisionsWidget(QFrame):
    """The banner of key decisions. It shows what it is given (``show_overview``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyDecisionsWidget")
        self._heading = QLabel(self)
        self._heading.setObjectName("keyDecisionsHeading")
        self._incomplete = QLabel(self)
        self._incomplete.setObjectName("keyDecisionsIncomplete")
        self._incomplete.setWordWrap(True)
        self._incomplete.setVisible(False)
        self._tiles = {
            item_id: KeyDecisionTileWidget(
                item_id, prominent=item_id is ItemId.RESUSCITATION, parent=self
            )
            for item_id in KEY_DECISIONS
        }
        header = QHBoxLayout()
        header.addWidget(self._heading)
        header.addWidget(self._incomplete, 1)
        row = QHBoxLayout()
        row.setSpacing(8)
        for item_id, tile in self._tiles.items():
            row.addWidget(tile, 3 if item_id is ItemId.RESUSCITATION else 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(row)
        self._overview: Overview | None = None
        self._lang = "nl"
        self._flags = (False, False)  # (incomplete, unreadable) as last shown
        self._retranslate()

    def _retranslate(self) -> None:
        self._heading.setText(self.tr("Kernafspraken"))
        self._heading.setFont(scaled_font(self.font(), 1.05, bold=True))
        self.setAccessibleName(self.tr("Kernafspraken"))
        self.setAccessibleDescription(
            self.tr("Reanimatie, beademing, IC-opname, ziekenhuisopname en uitzetten ICD")
        )
        incomplete, unreadable = self._flags
        texts: list[str] = []
        if incomplete or not unreadable:
            texts.append(
                self.tr(
                    "Let op: niet alle bronnen konden worden gelezen. Het overzicht en de "
                    "kernafspraken kunnen onvolledig zijn; raadpleeg zo nodig de bron zelf."
                )
            )
        if unreadable:
            texts.append(
                self.tr(
                    "Let op: een behandelgrens in de bron kon niet worden gelezen. De "
                    "kernafspraken zijn mogelijk onvolledig; raadpleeg de bron zelf."
                )
            )
        self._incomplete.setText(" ".join(texts))

    @property
    def incomplete_text(self) -> str:
        """The warning that sources are missing ("" when all could be read)."""
        return self._incomplete.text() if self._incomplete.isVisibleTo(self) else ""

    def tile(self, item_id: ItemId) -> KeyDecisionTileWidget:
        return self._tiles[item_id]

    def tiles(self) -> list[KeyDecisionTileWidget]:
        return list(self._tiles.values())

    def show_overview(
        self,
        overview: Overview | None,
        lang: str = "nl",
        *,
        incomplete: bool = False,
        unreadable: bool = False,
    ) -> None:
        """``incomplete``: a source could not be read; ``unreadable``: a treatment directive
        could not be read (see :func:`describe_key_decision`)."""
        self._overview = overview
        self._lang = lang
        self._flags = (incomplete, unreadable)
        self._retranslate()
        views = describe_key_decisions(overview, lang, incomplete=incomplete, unreadable=unreadable)
        for view in views:
            self._tiles[view.item_id].show_view(view)
        warn = incomplete or unreadable
        self._incomplete.setVisible(warn)
        self._incomplete.setAccessibleName(self._incomplete.text() if warn else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

"""Texts of the form as the editor shows them: question labels without zib jargon, item
titles, values and "who, when, where" of a prefilled value.

The form's own texts come from :func:`~pzp_desktop.domain.form.load_form` in the interface
language; a few zib element names that read badly on screen ("BehandelBesluit",
"Voorkeursplek ([MetingWaarde])") are replaced by the words a clinician uses. The accessible
name of every input is its question text (with the item's title where the question alone is
ambiguous, such as "Toelichting").
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.display import display_value
from pzp_desktop.domain.editing import BaselineValue
from pzp_desktop.domain.form import FormItem, load_form
from pzp_desktop.domain.items import (
    SECTION_OF,
    Answer,
    ItemKey,
    Origin,
    OriginKind,
    RecordedItem,
)
from pzp_desktop.domain.messages import render
from pzp_desktop.gui import i18n

__all__ = [
    "condition_text",
    "item_title",
    "language",
    "localized",
    "option_label",
    "provenance_text",
    "question_label",
    "value_text",
]

_ZIB_SUFFIX = re.compile(r"\s*\(\[(MetingWaarde|MetingNaam)\]\)\s*$")

# Question texts that are zib element names, not words (nl, en).
_PLAIN_LABELS: dict[str, tuple[str, str]] = {
    "BehandelBesluit": ("Besluit", "Decision"),
    "SpecificatieAnders": ("Wat is er afgesproken bij ‘Anders’?", "What was agreed ('Other')?"),
    "TelecomType": ("Soort telefoon", "Kind of telephone"),
    "NummerSoort": ("Soort nummer", "Kind of number"),
    "EmailAdres": ("E-mailadres", "E-mail address"),
    "EmailSoort": ("Soort e-mailadres", "Kind of e-mail address"),
    "EmailAdressen": ("E-mailadressen", "E-mail addresses"),
    "Behandeling": ("Behandeling", "Treatment"),
    "ProductType van ICD": ("Soort apparaat", "Kind of device"),
}


def language() -> str:
    """The interface language (``"nl"`` or ``"en"``)."""
    return i18n.current_language()


def localized(text: str) -> str:
    """A message of the domain or the sources layer (a
    :class:`~pzp_desktop.domain.messages.Text`) in the interface language; any other text as
    it is."""
    return render(text, language())


def question_label(item: FormItem) -> str:
    """What a clinician reads for a question: ``"Besluit"``, ``"Voorkeursplek"``."""
    text = item.text_nl
    plain = _PLAIN_LABELS.get(text)
    if plain is not None:
        return plain[1] if language() == "en" else plain[0]
    shown = item.text(language())
    shown = _ZIB_SUFFIX.sub("", shown)
    # "Afspraak uitzetten ICD (BehandelBesluit)" -> "Afspraak uitzetten ICD"
    shown = re.sub(r"\s*\((BehandelBesluit|Behandeling)\)\s*$", "", shown)
    return shown


def item_title(key: ItemKey) -> str:
    """``"5b Gewenste plek van overlijden"``; ``"4g Overige behandelgrens"`` for each other
    treatment limit (its name is part of its value)."""
    form = load_form()
    label = form.overview_label(key.item, language())
    if key.qualifier:
        singular = "Other treatment limit" if language() == "en" else "Overige behandelgrens"
        return f"{SECTION_OF[key.item]} {singular}"  # the name is in the value
    return f"{SECTION_OF[key.item].replace('-', '–')} {label}"


def option_label(item: FormItem, coding: Coding) -> str:
    for option in item.options:
        if option.matches(coding):
            return option.label(language())
    return coding.display or coding.code


def value_text(key: ItemKey, answers: tuple[Answer, ...]) -> str:
    """One line for a value, as the viewer shows it (``"Hospice — bij haar zoon"``)."""
    probe = RecordedItem(key, answers, "", Origin(OriginKind.RESOURCE, ""))
    return display_value(probe, language())


def provenance_text(value: BaselineValue) -> str:
    """``"28-09-2025, Anna Jansen, Huisartsenpraktijk De Oefenlinde (HIS)"``."""
    parts = []
    if value.recorded is not None:
        parts.append(value.recorded.display_date())
    parts.append(
        value.professional
        or QCoreApplication.translate("EditorFormTexts", "onbekende zorgverlener")
    )
    parts.append(value.source)
    return ", ".join(parts)


def condition_text(node: FormItem) -> str | None:
    """Why ``node`` may be disabled: ``"Alleen van toepassing als ‘Heeft de patiënt een
    ICD?’ is beantwoord met ‘Ja’."`` (``None`` when it has no condition of its own)."""
    condition = node.enable_when
    if condition is None:
        return None
    form = load_form()
    question = form.item(condition.question)
    option = form.option(condition.question, Coding(condition.system, condition.code))
    shown = option.label(language()) if option else condition.code
    asked = question_label(question)
    if language() == "en":
        return f"Only applies when ‘{asked}’ is answered with ‘{shown}’."
    return f"Alleen van toepassing als ‘{asked}’ is beantwoord met ‘{shown}’."

"""The message catalogue: every message in Dutch and English, filled in the same way."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path

import pytest

from pzp_desktop.domain.editing.rules import PAIR_RULES
from pzp_desktop.domain.messages import CATALOGUE, Message, Text, joined, placeholders, render

PACKAGE = Path(__file__).resolve().parents[2] / "pzp_desktop"
# A quoted message id anywhere in the code ("push.success", also in a conditional).
_MESSAGE_ID = re.compile(
    r"""["']((?:common|rules|dr|push|launch|settings|fhir)\.[a-z0-9.\-]+)["']"""
)
# Ids built at run time: "rules.reason.<code>" for every pair rule.
_BUILT_IDS = {f"rules.reason.{rule.code}" for rule in PAIR_RULES}


def _ids_used_in_code() -> set[str]:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        used.update(_MESSAGE_ID.findall(path.read_text(encoding="utf-8")))
    return used


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    dutch, english = CATALOGUE[key]
    assert dutch.strip()
    assert english.strip()
    assert placeholders(dutch) == placeholders(english)
    literal_text = re.sub(r"\{[a-z_]+\}", "", dutch)
    if re.search(r"[A-Za-zé]{3}", literal_text):  # has words of its own: must be translated
        assert dutch != english


def test_every_id_in_the_code_is_in_the_catalogue_and_every_entry_is_used() -> None:
    used = _ids_used_in_code() | _BUILT_IDS
    assert used - set(CATALOGUE) == set()
    assert set(CATALOGUE) - used == set()


def test_a_message_is_its_dutch_text_and_renders_english() -> None:
    message = Message("push.success", source="Ziekenhuis Oost")
    assert message == "Het gesprek is opgeslagen in Ziekenhuis Oost."
    assert str(message) == message.nl == render(message, "nl")
    assert message.render("en") == "The conversation has been saved in Ziekenhuis Oost."
    assert render(message, "en") == message.render("en")
    assert message.key == "push.success"
    assert render("plain text", "en") == "plain text"


def test_nested_texts_follow_the_language() -> None:
    items = joined(", ", [Text("Reanimatie", "Resuscitation"), Message("dr.no-items")])
    message = Message("dr.removed", what=items, source="HIS")
    assert (
        message
        == "Reanimatie, geen onderdelen: niet meer aanwezig in HIS (verwijderd of afgeschermd)."
    )
    assert message.render("en") == (
        "Resuscitation, no parts: no longer present in HIS (removed or restricted)."
    )


def test_unknown_ids_and_wrong_parameters_are_refused() -> None:
    with pytest.raises(KeyError):
        Message("no.such-message")
    with pytest.raises(TypeError, match="source"):
        Message("push.success")
    with pytest.raises(TypeError):
        Message("push.success", source="HIS", extra="x")
    with pytest.raises(ValueError, match="unsupported language"):
        Message("push.success", source="HIS").render("de")


def test_texts_survive_pickle_and_copy() -> None:
    message = Message("dr.native-registration", system="HiX")
    for clone in (pickle.loads(pickle.dumps(message)), copy.deepcopy(message), copy.copy(message)):
        assert isinstance(clone, Message)
        assert clone == message
        assert clone.key == message.key
        assert clone.render("en") == message.render("en")
    text = Text("Ja", "Yes")
    assert pickle.loads(pickle.dumps(text)).render("en") == "Yes"


def test_string_operations_give_plain_dutch_strings() -> None:
    message = Message("rules.date-missing")
    combined = message + " !"
    assert type(combined) is str
    assert combined.startswith("Vul de datum")

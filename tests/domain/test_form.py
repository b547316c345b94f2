"""The form as loaded from resources/form: complete, consistent, and strictly validated."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    AGB_SPECIALISM,
    BEHANDEL_BESLUIT,
    NULL_FLAVOR,
    ROL472,
    SCT,
    TELECOM_TYPE,
    UZI_ROLE,
    WILSVERKLARING_TYPE,
    Coding,
)
from pzp_desktop.domain.form import (
    CODE_TABLES_FILE,
    FORM_FILE,
    FormDefinitionError,
    load_code_tables,
    load_code_tables_file,
    load_form,
    load_form_file,
)
from pzp_desktop.domain.items import SECTION_OF, ItemId
from pzp_desktop.domain.profiles import QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION
from pzp_desktop.domain.resource_files import (
    ResourceNotFoundError,
    resource_path,
    resources_dir,
)

HEADER = {"963", "7", "964", "965", "966", "967", "8", "16", "968", "969", "970", "1405"}
SECTION_1 = {
    "26", "1406", "1407", "29", "30", "973", "974", "975", "39", "40", "976", "977", "978",
    "979", "41", "980", "981", "982", "411", "983", "408", "984", "53", "985", "986", "987",
    "61", "62", "988", "989", "990", "991", "66", "992", "993", "995", "412",
}  # fmt: skip
SECTION_2 = {"78", "82", "997", "414", "998", "413"}
SECTION_3 = {"586", "1408", "999"}
SECTION_4 = {
    "83",
    "1409", "1410", "1386", "1001", "1002",
    "1411", "1412", "1387", "1388", "1389",
    "1413", "1414", "1390", "1391", "1392",
    "1415", "1416", "1393", "1394", "1395",
    "1417", "1418", "1396", "1397", "1398",
    "1419", "1420", "1399", "1400", "1401",
    "1421", "1422", "1402", "1404",
    "1006", "1008", "1009", "1425", "1426", "1005", "1010",
}  # fmt: skip
SECTION_5 = {
    "107", "1427", "1428", "1190", "1429", "1430", "1191", "1192", "1431", "1432", "1193",
    "1194", "1433", "1434", "1435",
}  # fmt: skip
SECTION_6 = {"598", "1436", "1196"}
SECTION_7 = {"115", "1197", "1198", "1199"}
SECTION_8 = {"119", "1200", "1201"}
ALL_LINK_IDS = (
    HEADER | SECTION_1 | SECTION_2 | SECTION_3 | SECTION_4 | SECTION_5 | SECTION_6 | SECTION_7
) | SECTION_8

READ_ONLY = {
    "1408", "1410", "1412", "1414", "1416", "1418", "1420", "1422", "1426", "1428", "1430",
    "1432", "1434", "1436",
}  # fmt: skip


def test_form_identity() -> None:
    form = load_form()
    assert form.url == QUESTIONNAIRE_URL
    assert form.version == QUESTIONNAIRE_VERSION
    assert form.canonical == f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"
    assert load_form() is form  # cached


def test_exact_set_of_link_ids() -> None:
    link_ids = [i.link_id for i in load_form().walk()]
    assert len(link_ids) == len(set(link_ids))
    assert set(link_ids) == ALL_LINK_IDS


def test_top_level_order() -> None:
    form = load_form()
    assert [i.link_id for i in form.items] == [
        "963", "7", "967", "8", "26", "78", "586", "83", "107", "598", "115", "119",
    ]  # fmt: skip
    assert [i.prefix for i in form.items if i.is_group and i.link_id not in {"7", "8"}] == [
        "1.", "2", "3.", "4.", "5.", "6.", "7.", "8.",
    ]  # fmt: skip


def test_walk_is_document_order() -> None:
    link_ids = [i.link_id for i in load_form().walk()]
    assert link_ids.index("29") < link_ids.index("30") < link_ids.index("973")
    assert link_ids.index("1386") < link_ids.index("1001") < link_ids.index("1002")
    assert link_ids.index("1002") < link_ids.index("1411")


@pytest.mark.parametrize(
    ("link_id", "item_type"),
    [
        ("963", "dateTime"),
        ("967", "dateTime"),
        ("7", "group"),
        ("1405", "choice"),
        ("40", "group"),
        ("976", "string"),
        ("982", "choice"),
        ("1422", "open-choice"),
        ("1190", "string"),
        ("1196", "string"),
    ],
)
def test_item_types(link_id: str, item_type: str) -> None:
    assert load_form().item(link_id).type == item_type


def test_repeating_items() -> None:
    repeating = {i.link_id for i in load_form().walk() if i.repeats}
    assert repeating == {"40", "41", "62", "66", "982", "997", "998"}


def test_unknown_link_id_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="4242"):
        load_form().item("4242")


@pytest.mark.parametrize(
    ("link_id", "parent", "nested_in_answer"),
    [
        ("1407", "1406", True),
        ("411", "982", True),
        ("408", "983", True),
        ("412", "995", True),
        ("414", "997", True),
        ("413", "998", True),
        ("1001", "1386", True),
        ("1002", "1386", True),
        ("1404", "1402", True),
        ("1008", "1006", True),
        ("1009", "1006", True),
        ("1010", "1005", True),
        ("1192", "1191", True),
        ("1194", "1193", True),
        ("1198", "1197", True),
        ("976", "40", False),
        ("1005", "1425", False),
        ("1425", "83", False),
        ("1406", "26", False),
        ("963", None, False),
    ],
)
def test_nesting(link_id: str, parent: str | None, nested_in_answer: bool) -> None:
    item = load_form().item(link_id)
    assert item.parent == parent
    assert item.nested_in_answer is nested_in_answer


def test_parent_chain() -> None:
    form = load_form()
    assert [i.link_id for i in form.parent_chain("976")] == ["26", "29", "39", "40"]
    assert form.item("40").repeats
    assert [i.link_id for i in form.parent_chain("1010")] == ["83", "1425", "1005"]
    assert form.parent_chain("963") == []


def test_children_are_in_the_parent() -> None:
    form = load_form()
    for item in form.walk():
        for child in item.children:
            assert child.parent == item.link_id
            assert child.nested_in_answer is (not item.is_group)


def test_enable_when_refers_to_an_option_of_an_existing_question() -> None:
    form = load_form()
    conditions = {i.link_id: i.enable_when for i in form.walk() if i.enable_when}
    assert set(conditions) == {
        "411", "408", "53", "61", "995", "412", "413", "1001", "1388", "1391", "1394", "1397",
        "1400", "1008", "1009", "1425", "1005", "1199",
    }  # fmt: skip
    for link_id, condition in conditions.items():
        question = form.item(condition.question)
        assert question.options, link_id
        assert any(o.coding.concept == (condition.system, condition.code) for o in question.options)


@pytest.mark.parametrize(
    ("link_id", "question", "system", "code"),
    [
        ("53", "984", None, "0"),
        ("61", "984", None, "0"),
        ("995", "984", None, "0"),
        ("411", "982", ROL472, "09"),
        ("408", "983", NULL_FLAVOR, "OTH"),
        ("1001", "1386", BEHANDEL_BESLUIT, "1"),
        ("1425", "1006", SCT, "373066001"),
        ("1005", "1006", SCT, "373066001"),
        ("1199", "1197", SCT, "373066001"),
    ],
)
def test_enable_when_conditions(link_id: str, question: str, system: str | None, code: str) -> None:
    condition = load_form().item(link_id).enable_when
    assert condition is not None
    assert (condition.question, condition.system, condition.code) == (question, system, code)


def test_items_without_enable_when() -> None:
    form = load_form()
    for link_id in ("29", "414", "1407", "1198", "1002", "1010", "984"):
        assert form.item(link_id).enable_when is None, link_id


def test_enable_when_without_system_matches_on_code() -> None:
    condition = load_form().item("53").enable_when
    assert condition is not None
    assert condition.matches(Coding(None, "0"))
    assert not condition.matches(Coding(None, "1"))


def test_read_only_items_have_exactly_one_initial_option() -> None:
    form = load_form()
    read_only = {i.link_id for i in form.walk() if i.read_only}
    assert read_only == READ_ONLY
    for link_id in READ_ONLY:
        item = form.item(link_id)
        assert sum(o.initial_selected for o in item.options) == 1, link_id
        assert item.initial_option is not None
    for item in form.walk():
        if not item.read_only:
            assert not any(o.initial_selected for o in item.options), item.link_id


def test_fixed_concepts_exclude_the_open_choice_name_of_other_limits() -> None:
    form = load_form()
    assert {i.link_id for i in form.walk() if i.fixed_concept} == READ_ONLY - {"1422"}
    name = form.item("1422")
    assert name.initial_option is not None
    assert name.initial_option.coding.concept == (NULL_FLAVOR, "OTH")


@pytest.mark.parametrize(
    ("link_id", "system", "code"),
    [
        ("1410", SCT, "89666000"),
        ("1412", SCT, "40617009"),
        ("1414", SCT, "305351004"),
        ("1416", SCT, "32485007"),
        ("1418", SCT, "281789004"),
        ("1420", SCT, "116762002"),
        ("1426", SCT, "400231000146108"),
        ("1408", SCT, "180771000146100"),
        ("1428", SCT, "153851000146100"),
        ("1430", SCT, "395091006"),
        ("1432", SCT, "340171000146104"),
        ("1434", SCT, "570801000146104"),
        ("1436", SCT, "247751003"),
    ],
)
def test_fixed_concepts(link_id: str, system: str, code: str) -> None:
    option = load_form().item(link_id).initial_option
    assert option is not None
    assert option.coding.concept == (system, code)


@pytest.mark.parametrize(
    ("link_id", "code", "display"),
    [
        ("1406", "1", "Ja"),
        ("1406", "0", "Nee"),
        ("984", "1", "Ja"),
        ("984", "0", "Nee"),
        ("1200", "1", "Ja"),
        ("1200", "0", "Nee"),
        ("82", "Patiënt", "Patiënt"),
        ("1008", "ICD", "ICD"),
    ],
)
def test_system_less_codes(link_id: str, code: str, display: str) -> None:
    form = load_form()
    option = form.option(link_id, Coding(None, code))
    assert option is not None
    assert option.coding.system is None
    assert option.coding.display == display


def test_option_matching_is_on_system_and_code() -> None:
    form = load_form()
    option = form.option("999", Coding(SCT, "385987000", "whatever the sender wrote"))
    assert option is not None
    assert option.display_nl == "Curatief / actief ziektebeleid"
    assert form.option("999", Coding(NULL_FLAVOR, "385987000")) is None
    assert form.option("999", Coding(None, "385987000")) is None
    assert form.option("999", Coding(SCT, "713148004")) is None  # not a form option


def test_decision_options() -> None:
    form = load_form()
    full = [(BEHANDEL_BESLUIT, "0"), (BEHANDEL_BESLUIT, "1"), (BEHANDEL_BESLUIT, "2")]
    for link_id in ("1386", "1387", "1390", "1393", "1396", "1399"):
        concepts = [o.coding.concept for o in form.item(link_id).options]
        assert concepts == [*full, (NULL_FLAVOR, "UNK")], link_id
        assert [o.display_nl for o in form.item(link_id).options] == [
            "Wel uitvoeren",
            "Anders",
            "Niet uitvoeren",
            "Onbekend",
        ]
    assert [o.coding.code for o in form.item("1402").options] == ["0", "2", "UNK"]
    assert [o.coding.concept for o in form.item("1005").options] == [
        (BEHANDEL_BESLUIT, "0"),
        (NULL_FLAVOR, "ASKU"),
        (NULL_FLAVOR, "NASK"),
    ]


def test_answer_option_lists() -> None:
    form = load_form()
    assert [o.coding.code for o in form.item("1405").options] == [
        "01.000", "01.015", "01.047", "30.000", "81.000", "99.000",
    ]  # fmt: skip
    assert all(o.coding.system == UZI_ROLE for o in form.item("1405").options)
    assert [o.coding.token for o in form.item("977").options] == [
        f"{TELECOM_TYPE}|LL", f"{TELECOM_TYPE}|FAX", f"{ADDRESS_USE}|PG", f"{ADDRESS_USE}|MC",
    ]  # fmt: skip
    assert [o.coding.code for o in form.item("989").options] == ["LL", "FAX", "MC", "PG"]
    assert [o.coding.code for o in form.item("982").options] == [
        "24", "01", "310141000146103", "03", "15", "09",
    ]  # fmt: skip
    assert [o.coding.code for o in form.item("997").options] == [
        "03",
        "15",
        "310141000146103",
        "09",
    ]
    relations = ["DOMPART", "HUSB", "WIFE", "FTH", "MTH", "SONC", "DAUC", "BRO", "SIS", "OTH"]
    for link_id in ("983", "995", "998"):
        assert [o.coding.code for o in form.item(link_id).options] == relations
    assert [o.coding.code for o in form.item("999").options] == [
        "385987000", "1351964001", "225353007", "UNK",
    ]  # fmt: skip
    assert [o.coding.code for o in form.item("1191").options] == [
        "264362003", "22232009", "108344006", "284546000", "OTH", "UNK",
    ]  # fmt: skip
    assert [o.coding.code for o in form.item("1193").options] == [
        "340181000146102", "340201000146103", "340191000146100", "UNK",
    ]  # fmt: skip
    for link_id in ("1006", "1435", "1197", "1199"):
        assert [o.coding.code for o in form.item(link_id).options] == [
            "373066001", "373067005", "UNK",
        ]  # fmt: skip
    assert [o.coding.code for o in form.item("1201").options] == ["441898007", "UNK"]


def test_texts_and_prefixes() -> None:
    form = load_form()
    assert form.item("1409").label() == "a) Reanimatie"
    assert form.item("1409").label("en") == "a) Resuscitation"
    assert form.item("26").text_nl == "Wilsbekwaamheid & Wettelijke vertegenwoordiging"
    assert form.item("1425").prefix == "i)"
    assert form.item("983").prefix == "c)"
    assert form.item("995").prefix == "g)"
    for item in form.walk():
        assert item.text_nl.strip(), item.link_id
        assert item.text_en.strip(), item.link_id
        for option in item.options:
            assert option.display_nl.strip(), item.link_id
            assert option.display_en.strip(), item.link_id


def test_every_item_id_has_an_overview_label_and_link_ids() -> None:
    form = load_form()
    for item_id in ItemId:
        assert form.overview_label(item_id, "nl").strip()
        assert form.overview_label(item_id, "en").strip()
        assert form.overview_entry(item_id).section == SECTION_OF[item_id]
        if item_id is ItemId.ADVANCE_DIRECTIVE:
            assert form.link_ids_of(item_id) == []
        else:
            assert form.link_ids_of(item_id), item_id
    assert form.overview_label(ItemId.RESUSCITATION) == "Reanimatie"
    assert form.overview_label(ItemId.RESUSCITATION, "en") == "Resuscitation"
    assert form.overview_label(ItemId.TREATMENT_GOAL) == "Behandeldoel"
    assert form.overview_label(ItemId.TREATMENT_GOAL, "en") == "Treatment goal"
    assert form.overview_label(ItemId.ADVANCE_DIRECTIVE) == "Eerder vastgelegde wilsverklaringen"


@pytest.mark.parametrize(
    ("item_id", "answer_link_ids"),
    [
        (ItemId.LEGAL_CAPACITY, ["1406", "1407"]),
        (ItemId.TREATMENT_GOAL, ["999"]),
        (ItemId.RESUSCITATION, ["1386", "1001", "1002"]),
        (ItemId.OTHER_LIMIT, ["1422", "1402", "1404"]),
        (ItemId.ICD, ["1006", "1008", "1009"]),
        (ItemId.ICD_DEACTIVATION, ["1005", "1010"]),
        (ItemId.PLACE_OF_DEATH, ["1191", "1192"]),
        (ItemId.PREVIOUS_AGREEMENTS, ["1197", "1198"]),
        (ItemId.PREVIOUS_AGREEMENTS_DIFFER, ["1199"]),
        (ItemId.INFORMED_RELATIVES, ["1200"]),
        (ItemId.SHARING_CONSENT, ["1201"]),
        (
            ItemId.FIRST_CONTACT_PERSON,
            ["985", "986", "987", "988", "989", "990", "991", "992", "993", "995", "412"],
        ),
    ],
)
def test_answer_link_ids_of(item_id: ItemId, answer_link_ids: list[str]) -> None:
    assert load_form().answer_link_ids_of(item_id) == answer_link_ids


def test_groups_and_fixed_concepts_belong_to_their_item() -> None:
    form = load_form()
    assert form.link_ids_of(ItemId.RESUSCITATION) == ["1409", "1410", "1386", "1001", "1002"]
    assert "984" in form.link_ids_of(ItemId.LEGAL_REPRESENTATIVE)
    assert "40" in form.link_ids_of(ItemId.LEGAL_REPRESENTATIVE)
    assert form.item("29").item_id is None


def test_header_and_section_2_are_not_items() -> None:
    form = load_form()
    for link_id in HEADER | SECTION_2 | {"26", "29", "83", "107", "115", "119"}:
        assert form.item(link_id).item_id is None, link_id


# --- malformed form files ------------------------------------------------------------------


def _raw_form() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path(*FORM_FILE).read_text(encoding="utf-8"))
    return data


def _find(items: list[dict[str, Any]], link_id: str) -> dict[str, Any]:
    for item in items:
        if item["linkId"] == link_id:
            return item
        found = _find(item.get("items", []), link_id) if item.get("items") else None
        if found:
            return found
    return {}


def _drop_option_code(data: dict[str, Any]) -> None:
    del _find(data["items"], "1386")["answerOptions"][1]["code"]


def _dangling_enable_when(data: dict[str, Any]) -> None:
    _find(data["items"], "1001")["enableWhen"]["question"] = "9999"


def _enable_when_not_an_option(data: dict[str, Any]) -> None:
    _find(data["items"], "1001")["enableWhen"]["code"] = "7"


def _two_initial_options(data: dict[str, Any]) -> None:
    item = _find(data["items"], "1410")
    extra = copy.deepcopy(item["answerOptions"][0])
    extra["code"] = "12345"
    item["answerOptions"].append(extra)


def _duplicate_link_id(data: dict[str, Any]) -> None:
    _find(data["items"], "1002")["linkId"] = "1001"


def _unknown_key(data: dict[str, Any]) -> None:
    _find(data["items"], "1191")["answerOption"] = []


def _bad_item_id(data: dict[str, Any]) -> None:
    _find(data["items"], "999")["itemId"] = "goal"


def _missing_english(data: dict[str, Any]) -> None:
    del _find(data["items"], "1193")["text"]["en"]


def _bad_type(data: dict[str, Any]) -> None:
    _find(data["items"], "1196")["type"] = "strnig"


def _wrong_version(data: dict[str, Any]) -> None:
    data["version"] = "1.0.0"


def _overview_missing(data: dict[str, Any]) -> None:
    data["overview"] = data["overview"][1:]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_drop_option_code, r"item '1386': answer option #2: missing 'code'"),
        (_dangling_enable_when, r"item '1001': enableWhen: question '9999' does not exist"),
        (_enable_when_not_an_option, r"item '1001': enableWhen: .* not an answer option"),
        (_two_initial_options, r"item '1410': .*exactly one initialSelected"),
        (_duplicate_link_id, r"item '1001': duplicate linkId"),
        (_unknown_key, r"item '1191': unknown key\(s\) 'answerOption'"),
        (_bad_item_id, r"item '999': unknown itemId 'goal'"),
        (_missing_english, r"item '1193': 'text': missing 'en'"),
        (_bad_type, r"item '1196': unknown type 'strnig'"),
        (_wrong_version, r"top level: .*not the supported"),
        (_overview_missing, r"overview: no entry for legal_capacity"),
    ],
)
def test_malformed_form_gives_a_clear_error(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = _raw_form()
    mutate(data)
    path = tmp_path / "acp-zib2020.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=expected):
        load_form_file(path)


def test_form_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "acp-zib2020.json"
    path.write_text('{"url": ', encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"acp-zib2020.json: not valid JSON \(line 1"):
        load_form_file(path)


def test_unmodified_copy_loads(tmp_path: Path) -> None:
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(_raw_form()), encoding="utf-8")
    assert {i.link_id for i in load_form_file(path).walk()} == ALL_LINK_IDS


# --- code tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "code", "nl"),
    [
        (WILSVERKLARING_TYPE, "NR", "Niet-reanimerenverklaring"),
        (WILSVERKLARING_TYPE, "EUD", "Euthanasieverzoek met aanvulling Dementie"),
        (WILSVERKLARING_TYPE, "ZB", "Zelfbindingsverklaring"),
        (ROL472, "02", "Tweede relatie/contactpersoon"),
        (ROL472, "24", "Wettelijke vertegenwoordiger"),
        ("urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1", "100003", "Tolk"),
        (SCT, "310141000146103", "Schriftelijk gemachtigde"),
        ("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "GRMTH", "Grootmoeder"),
        (NULL_FLAVOR, "OTH", "Anders"),
        (SCT, "89666000", "Cardiopulmonale resuscitatie"),
        (UZI_ROLE, "01.015", "Huisarts"),
        (AGB_SPECIALISM, "0100", "Huisartsen"),
        ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HH", "Thuisbezoek"),
        ("http://hl7.org/fhir/consent-provision-type", "deny", "Weigeren"),
        ("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-asked", "Niet gevraagd"),
        (
            "http://terminology.hl7.org/CodeSystem/data-absent-reason",
            "asked-unknown",
            "Nog onbekend",
        ),
        (SCT, "72506001", "Implanteerbare hartdefibrillator"),
        (SCT, "465460004", "Univentriculaire implanteerbare hartdefibrillator"),
    ],
)
def test_code_tables(system: str, code: str, nl: str) -> None:
    entry = load_code_tables().lookup(Coding(system, code))
    assert entry is not None
    assert entry.label_nl == nl
    assert entry.label_en.strip()


def test_code_tables_cover_the_value_sets() -> None:
    tables = load_code_tables()
    for code in ("NR", "VOL", "VERB", "VERBVL", "MON", "EU", "EUD", "LW", "DO", "ZB"):
        assert tables.lookup(Coding(WILSVERKLARING_TYPE, code)), code
    for code in ("01", "02", "03", "04", "05", "06", "07", "09", "11", "14", "15", "19", "20"):
        assert tables.lookup(Coding(ROL472, code)), code
    for code in ("21", "23", "24"):
        assert tables.lookup(Coding(ROL472, code)), code
    for code in ("IMP", "AMB", "HH", "VR", "EMER"):
        assert tables.lookup(Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", code))


def test_goal_code_713148004_has_the_label_of_225353007() -> None:
    form_option = load_form().option("999", Coding(SCT, "225353007"))
    entry = load_code_tables().lookup(Coding(SCT, "713148004"))
    assert form_option is not None
    assert entry is not None
    assert entry.label_nl == form_option.display_nl
    assert entry.label_en == form_option.display_en


def test_code_tables_have_no_system_less_lookups() -> None:
    assert load_code_tables().lookup(Coding(None, "1")) is None


def test_malformed_code_tables(tmp_path: Path) -> None:
    data = json.loads(resource_path(*CODE_TABLES_FILE).read_text(encoding="utf-8"))
    data["tables"][0]["codes"].append(
        {"system": WILSVERKLARING_TYPE, "code": "NR", "display": {"nl": "Iets anders", "en": "x"}}
    )
    path = tmp_path / "code_tables.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"NR already has other labels"):
        load_code_tables_file(path)


# --- resource files ------------------------------------------------------------------------


def test_resource_path_in_a_checkout() -> None:
    path = resource_path(*FORM_FILE)
    assert path.is_file()
    assert path.parent.parent == resources_dir()


def test_missing_resource_is_a_clear_error() -> None:
    with pytest.raises(ResourceNotFoundError, match=r"'form/nope.json' not found"):
        resource_path("form", "nope.json")


@pytest.mark.parametrize("parts", [("..", "pyproject.toml"), ("/etc/passwd",), ()])
def test_resource_path_refuses_escaping(parts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="resource path"):
        resource_path(*parts)


def test_resource_path_when_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "form").mkdir(parents=True)
    (tmp_path / "resources" / "form" / "x.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("form", "x.json") == tmp_path / "resources" / "form" / "x.json"
    with pytest.raises(ResourceNotFoundError, match="application bundle"):
        resource_path("form", "acp-zib2020.json")

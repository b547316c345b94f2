"""The PZP form (Questionnaire ``ACP-zib2020``) and the code tables, as loaded from data.

The form is kept as data in ``resources/form/acp-zib2020.json`` in the application's own
simple schema (not a FHIR Questionnaire): every item with its linkId, type, Dutch and English
text, prefix ("a)"), repeats, readOnly, answer options (system|code, Dutch and English
display, initialSelected), enableWhen, the overview item (:class:`ItemId`) it belongs to and
its children. ``resources/form/code_tables.json`` holds labels for codes that occur in FHIR
resources but are not (all) options of the form.

Both files are validated strictly when loaded: a malformed file is a broken installation and
raises :class:`FormDefinitionError` naming the file, the linkId and the problem.

Nesting (spec §2): the children of a *group* live in the group's ``item`` of a
QuestionnaireResponse, the children of a *question* in its ``answer.item``; this is
:attr:`FormItem.nested_in_answer`, derived from the parent's type.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.items import SECTION_OF, ItemId
from pzp_desktop.domain.profiles import QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION
from pzp_desktop.domain.resource_files import resource_path

FORM_FILE = ("form", "acp-zib2020.json")
CODE_TABLES_FILE = ("form", "code_tables.json")

LANGUAGES = ("nl", "en")

GROUP = "group"
CHOICE_TYPES = frozenset({"choice", "open-choice"})
ITEM_TYPES = frozenset(
    {GROUP, "display", "string", "text", "dateTime", "date", "boolean", "integer", "decimal"}
    | CHOICE_TYPES
)

# Overview items that the standard holds without any form item (spec §2, end).
ITEMS_WITHOUT_FORM_ITEMS = frozenset({ItemId.ADVANCE_DIRECTIVE})

_COMMENT_KEY = "$comment"
_ITEM_ID_VALUES = frozenset(i.value for i in ItemId)


class FormDefinitionError(ValueError):
    """The form or code-table file is malformed (a broken installation, not bad patient data)."""


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported language (``"nl"`` or ``"en"``), else ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}")
    return lang


def _codes_match(option_system: str | None, option_code: str, coding: Coding) -> bool:
    """The form's matching rule: system + code; a system-less form code matches on its code
    (spec §7 item 13; the caller scopes this to one linkId)."""
    if option_system is None:
        return coding.code == option_code
    return coding.is_(option_system, option_code)


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer option of a choice item; ``coding.display`` is the form's Dutch display."""

    coding: Coding
    display_en: str
    initial_selected: bool = False

    @property
    def display_nl(self) -> str:
        return self.coding.display or self.coding.code

    def label(self, lang: str = "nl") -> str:
        return self.display_en if check_lang(lang) == "en" else self.display_nl

    def matches(self, coding: Coding) -> bool:
        return _codes_match(self.coding.system, self.coding.code, coding)


@dataclass(frozen=True, slots=True)
class EnableWhen:
    """The item is enabled when ``question`` is answered with this code (operator ``=``).
    ``system`` is ``None`` where the form compares the code alone (984 = ``0``)."""

    question: str
    system: str | None
    code: str

    def matches(self, coding: Coding) -> bool:
        return _codes_match(self.system, self.code, coding)


@dataclass(frozen=True, slots=True)
class FormItem:
    """One item of the form (group or question)."""

    link_id: str
    type: str
    text_nl: str
    text_en: str
    prefix: str | None = None
    repeats: bool = False
    read_only: bool = False
    options: tuple[AnswerOption, ...] = ()
    enable_when: EnableWhen | None = None
    item_id: ItemId | None = None
    children: tuple[FormItem, ...] = ()
    nested_in_answer: bool = False
    parent: str | None = None

    @property
    def is_group(self) -> bool:
        return self.type == GROUP

    @property
    def fixed_concept(self) -> bool:
        """A read-only choice that only carries a fixed concept (zib "MetingNaam" or
        "Behandeling", e.g. 1410). It is never part of an item's answers; the QR writer adds
        its initially selected option to every group it writes. Note that 1422 is read-only
        too but an *open-choice* whose free-text answer is the treatment name, so it is not a
        fixed concept."""
        return self.read_only and self.type == "choice"

    @property
    def initial_option(self) -> AnswerOption | None:
        """The option marked ``initialSelected`` (read-only items have exactly one)."""
        return next((o for o in self.options if o.initial_selected), None)

    def text(self, lang: str = "nl") -> str:
        return self.text_en if check_lang(lang) == "en" else self.text_nl

    def label(self, lang: str = "nl") -> str:
        """The text with its prefix, as printed on the form: ``"a) Reanimatie"``."""
        text = self.text(lang)
        return f"{self.prefix} {text}" if self.prefix else text


@dataclass(frozen=True, slots=True)
class OverviewEntry:
    """An overview item's form section and labels."""

    item_id: ItemId
    section: str
    label_nl: str
    label_en: str

    def label(self, lang: str = "nl") -> str:
        return self.label_en if check_lang(lang) == "en" else self.label_nl


class FormDefinition:
    """The whole form: its items in document order, indexed by linkId."""

    def __init__(
        self,
        url: str,
        version: str,
        items: tuple[FormItem, ...],
        overview: Mapping[ItemId, OverviewEntry],
    ) -> None:
        self.url = url
        self.version = version
        self.items = items
        self._overview = dict(overview)
        self._by_link_id: dict[str, FormItem] = {}
        for form_item in self.walk():
            self._by_link_id[form_item.link_id] = form_item

    @property
    def canonical(self) -> str:
        """``url|version``, as a QuestionnaireResponse's ``questionnaire``."""
        return f"{self.url}|{self.version}"

    def item(self, link_id: str) -> FormItem:
        """The item with this linkId; ``KeyError`` for a linkId the form does not have."""
        try:
            return self._by_link_id[link_id]
        except KeyError:
            raise KeyError(f"the form has no item with linkId {link_id!r}") from None

    def has_item(self, link_id: str) -> bool:
        return link_id in self._by_link_id

    def walk(self) -> Iterator[FormItem]:
        """Every item, depth first, in document order."""

        def visit(nodes: tuple[FormItem, ...]) -> Iterator[FormItem]:
            for node in nodes:
                yield node
                yield from visit(node.children)

        return visit(self.items)

    def parent_chain(self, link_id: str) -> list[FormItem]:
        """The ancestors of an item, outermost first (the item itself excluded)."""
        chain: list[FormItem] = []
        parent = self.item(link_id).parent
        while parent is not None:
            ancestor = self._by_link_id[parent]
            chain.append(ancestor)
            parent = ancestor.parent
        chain.reverse()
        return chain

    def option(self, link_id: str, coding: Coding) -> AnswerOption | None:
        """The answer option of ``link_id`` that ``coding`` selects (system + code; the form's
        system-less options match on code), or ``None``."""
        return next((o for o in self.item(link_id).options if o.matches(coding)), None)

    def find_option(self, coding: Coding) -> AnswerOption | None:
        """The first option anywhere in the form with exactly this system + code (codings
        without a system are only meaningful per linkId and never match here)."""
        if coding.system is None:
            return None
        for form_item in self.walk():
            for option in form_item.options:
                if option.coding.is_(coding.system, coding.code):
                    return option
        return None

    def link_ids_of(self, item_id: ItemId) -> list[str]:
        """Every linkId that belongs to an overview item, in document order: its groups,
        fixed-concept items and questions."""
        return [i.link_id for i in self.walk() if i.item_id is item_id]

    def answer_link_ids_of(self, item_id: ItemId) -> list[str]:
        """The linkIds whose answers make up an item's value (no groups, no fixed concepts)."""
        return [
            i.link_id
            for i in self.walk()
            if i.item_id is item_id and not i.is_group and not i.fixed_concept
        ]

    def overview_label(self, item_id: ItemId, lang: str = "nl") -> str:
        """The overview's label of an item: ``"Reanimatie"`` / ``"Resuscitation"``."""
        return self._overview[item_id].label(lang)

    def overview_entry(self, item_id: ItemId) -> OverviewEntry:
        return self._overview[item_id]


# --- loading -------------------------------------------------------------------------------


@functools.cache
def load_form() -> FormDefinition:
    """The application's form (loaded and validated once)."""
    return load_form_file(resource_path(*FORM_FILE))


def load_form_file(path: Path) -> FormDefinition:
    """Read and validate a form file (not cached; :func:`load_form` is the normal entry)."""
    return parse_form(_read_json(path), source=path.name)


def parse_form(data: object, source: str = "form") -> FormDefinition:
    """Validate form data (the parsed JSON) and build the :class:`FormDefinition`."""
    return _FormParser(source).parse(data)


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FormDefinitionError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormDefinitionError(
            f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return data


class _Checks:
    """Small typed accessors that raise :class:`FormDefinitionError` with a location."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> FormDefinitionError:
        return FormDefinitionError(f"{self.source}: {where}: {problem}")

    def obj(self, value: object, where: str) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, found {type(value).__name__}")
        return value

    def keys(
        self, data: Mapping[str, object], where: str, required: set[str], optional: set[str]
    ) -> None:
        missing = sorted(required - data.keys())
        if missing:
            raise self.fail(where, f"missing {', '.join(repr(k) for k in missing)}")
        unknown = sorted(data.keys() - required - optional - {_COMMENT_KEY})
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(repr(k) for k in unknown)}")

    def text(self, data: Mapping[str, object], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{key!r} must be a non-empty string")
        if value != value.strip():
            raise self.fail(where, f"{key!r} has leading or trailing white space")
        return value

    def optional_text(self, data: Mapping[str, object], key: str, where: str) -> str | None:
        return self.text(data, key, where) if data.get(key) is not None else None

    def flag(self, data: Mapping[str, object], key: str, where: str) -> bool:
        value = data.get(key)
        if not isinstance(value, bool):
            raise self.fail(where, f"{key!r} must be true or false")
        return value

    def system(self, data: Mapping[str, object], where: str) -> str | None:
        if "system" not in data:
            raise self.fail(where, "missing 'system' (use null for a code without system)")
        return self.optional_text(data, "system", where)

    def texts(self, data: Mapping[str, object], key: str, where: str) -> tuple[str, str]:
        """A ``{"nl": …, "en": …}`` pair."""
        pair = self.obj(data.get(key), f"{where}: {key!r}")
        self.keys(pair, f"{where}: {key!r}", set(LANGUAGES), set())
        return self.text(pair, "nl", f"{where}: {key!r}"), self.text(
            pair, "en", f"{where}: {key!r}"
        )

    def array(self, data: Mapping[str, object], key: str, where: str) -> list[object]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(where, f"{key!r} must be a non-empty list")
        return value


class _FormParser:
    def __init__(self, source: str) -> None:
        self.check = _Checks(source)
        self.seen: dict[str, FormItem] = {}

    def parse(self, data: object) -> FormDefinition:
        check = self.check
        root = check.obj(data, "top level")
        check.keys(root, "top level", {"url", "version", "items", "overview"}, set())
        url = check.text(root, "url", "top level")
        version = check.text(root, "version", "top level")
        if (url, version) != (QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION):
            raise check.fail(
                "top level",
                f"form {url}|{version} is not the supported "
                f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
            )
        raw_items = check.array(root, "items", "top level")
        items = tuple(
            self._item(raw, parent=None, index=i, where="top level")
            for i, raw in enumerate(raw_items)
        )
        overview = self._overview(check.array(root, "overview", "top level"))
        form = FormDefinition(url, version, items, overview)
        self._cross_checks(form)
        return form

    def _item(self, raw: object, parent: FormItem | None, index: int, where: str) -> FormItem:
        check = self.check
        position = f"item #{index + 1} of {where}"
        data = check.obj(raw, position)
        link_id = check.text(data, "linkId", position)
        here = f"item {link_id!r}"
        if link_id in self.seen:
            raise check.fail(here, "duplicate linkId")
        check.keys(
            data,
            here,
            {"linkId", "type", "text", "repeats", "readOnly"},
            {"prefix", "itemId", "enableWhen", "answerOptions", "items"},
        )
        item_type = check.text(data, "type", here)
        if item_type not in ITEM_TYPES:
            raise check.fail(here, f"unknown type {item_type!r}")
        text_nl, text_en = check.texts(data, "text", here)
        item_id = self._item_id(data, here, parent)
        options = self._options(data, item_type, here)
        read_only = check.flag(data, "readOnly", here)
        self._check_read_only(read_only, item_type, options, here)
        enable_when = self._enable_when(data.get("enableWhen"), here)
        if item_type == GROUP and "items" not in data:
            raise check.fail(here, "a group must have 'items'")
        # Build the item without children first, so children can refer to their parent.
        shell = FormItem(
            link_id=link_id,
            type=item_type,
            text_nl=text_nl,
            text_en=text_en,
            prefix=check.optional_text(data, "prefix", here),
            repeats=check.flag(data, "repeats", here),
            read_only=read_only,
            options=options,
            enable_when=enable_when,
            item_id=item_id,
            nested_in_answer=parent is not None and not parent.is_group,
            parent=parent.link_id if parent else None,
        )
        self.seen[link_id] = shell
        children: tuple[FormItem, ...] = ()
        if "items" in data:
            raw_children = check.array(data, "items", here)
            children = tuple(
                self._item(child, parent=shell, index=i, where=here)
                for i, child in enumerate(raw_children)
            )
        complete = FormItem(
            link_id=shell.link_id,
            type=shell.type,
            text_nl=shell.text_nl,
            text_en=shell.text_en,
            prefix=shell.prefix,
            repeats=shell.repeats,
            read_only=shell.read_only,
            options=shell.options,
            enable_when=shell.enable_when,
            item_id=shell.item_id,
            children=children,
            nested_in_answer=shell.nested_in_answer,
            parent=shell.parent,
        )
        self.seen[link_id] = complete
        return complete

    def _item_id(
        self, data: Mapping[str, object], here: str, parent: FormItem | None
    ) -> ItemId | None:
        raw = data.get("itemId")
        if raw is None:
            if parent is not None and parent.item_id is not None:
                raise self.check.fail(
                    here, f"missing 'itemId' (its parent belongs to {parent.item_id.value!r})"
                )
            return None
        if not isinstance(raw, str) or raw not in _ITEM_ID_VALUES:
            raise self.check.fail(here, f"unknown itemId {raw!r}")
        item_id = ItemId(raw)
        parent_id = parent.item_id if parent is not None else None
        if parent_id is not None and parent_id is not item_id:
            raise self.check.fail(
                here, f"itemId {item_id.value!r} differs from its parent's {parent_id.value!r}"
            )
        return item_id

    def _options(
        self, data: Mapping[str, object], item_type: str, here: str
    ) -> tuple[AnswerOption, ...]:
        check = self.check
        if item_type not in CHOICE_TYPES:
            if "answerOptions" in data:
                raise check.fail(here, f"a {item_type!r} item cannot have 'answerOptions'")
            return ()
        options: list[AnswerOption] = []
        for i, raw in enumerate(check.array(data, "answerOptions", here)):
            where = f"{here}: answer option #{i + 1}"
            option = check.obj(raw, where)
            check.keys(option, where, {"system", "code", "display", "initialSelected"}, set())
            system = check.system(option, where)
            code = check.text(option, "code", where)
            nl, en = check.texts(option, "display", where)
            coding = Coding(system, code, nl)
            if any(o.coding.concept == coding.concept for o in options):
                raise check.fail(where, f"duplicate option {coding.token!r}")
            options.append(AnswerOption(coding, en, check.flag(option, "initialSelected", where)))
        return tuple(options)

    def _check_read_only(
        self, read_only: bool, item_type: str, options: tuple[AnswerOption, ...], here: str
    ) -> None:
        selected = sum(o.initial_selected for o in options)
        if read_only:
            if item_type not in CHOICE_TYPES:
                raise self.check.fail(here, "only choice items can be readOnly in this form")
            if selected != 1:
                raise self.check.fail(
                    here, f"a readOnly item needs exactly one initialSelected option ({selected})"
                )
        elif selected:
            raise self.check.fail(here, "initialSelected is only used on readOnly items")

    def _enable_when(self, raw: object, here: str) -> EnableWhen | None:
        if raw is None:
            return None
        where = f"{here}: enableWhen"
        data = self.check.obj(raw, where)
        self.check.keys(data, where, {"question", "system", "code"}, set())
        return EnableWhen(
            question=self.check.text(data, "question", where),
            system=self.check.system(data, where),
            code=self.check.text(data, "code", where),
        )

    def _overview(self, raw_entries: list[object]) -> dict[ItemId, OverviewEntry]:
        check = self.check
        entries: dict[ItemId, OverviewEntry] = {}
        for i, raw in enumerate(raw_entries):
            where = f"overview entry #{i + 1}"
            data = check.obj(raw, where)
            check.keys(data, where, {"itemId", "section", "label"}, set())
            raw_id = check.text(data, "itemId", where)
            try:
                item_id = ItemId(raw_id)
            except ValueError:
                raise check.fail(where, f"unknown itemId {raw_id!r}") from None
            where = f"overview entry {item_id.value!r}"
            if item_id in entries:
                raise check.fail(where, "listed twice")
            section = check.text(data, "section", where)
            if section != SECTION_OF[item_id]:
                raise check.fail(
                    where, f"section {section!r} differs from SECTION_OF ({SECTION_OF[item_id]!r})"
                )
            nl, en = check.texts(data, "label", where)
            entries[item_id] = OverviewEntry(item_id, section, nl, en)
        missing = [i.value for i in ItemId if i not in entries]
        if missing:
            raise check.fail("overview", f"no entry for {', '.join(missing)}")
        return entries

    def _cross_checks(self, form: FormDefinition) -> None:
        check = self.check
        for form_item in form.walk():
            condition = form_item.enable_when
            if condition is None:
                continue
            here = f"item {form_item.link_id!r}: enableWhen"
            if not form.has_item(condition.question):
                raise check.fail(here, f"question {condition.question!r} does not exist")
            question = form.item(condition.question)
            if not any(
                o.coding.concept == (condition.system, condition.code) for o in question.options
            ):
                token = (
                    f"{condition.system}|{condition.code}" if condition.system else condition.code
                )
                raise check.fail(
                    here, f"{token!r} is not an answer option of question {question.link_id!r}"
                )
        for item_id in ItemId:
            if item_id not in ITEMS_WITHOUT_FORM_ITEMS and not form.link_ids_of(item_id):
                raise check.fail("items", f"no item belongs to itemId {item_id.value!r}")


# --- code tables ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodeLabel:
    """Labels of one code from the code tables."""

    table: str
    system: str
    code: str
    label_nl: str
    label_en: str

    def label(self, lang: str = "nl") -> str:
        return self.label_en if check_lang(lang) == "en" else self.label_nl


class CodeTables:
    """Labels for codes in FHIR resources that are not (all) form options."""

    def __init__(self, labels: Mapping[tuple[str, str], CodeLabel]) -> None:
        self._labels = dict(labels)

    def lookup(self, coding: Coding) -> CodeLabel | None:
        if coding.system is None:
            return None
        return self._labels.get((coding.system, coding.code))

    def label(self, coding: Coding, lang: str = "nl") -> str | None:
        entry = self.lookup(coding)
        return entry.label(lang) if entry else None

    def __len__(self) -> int:
        return len(self._labels)


@functools.cache
def load_code_tables() -> CodeTables:
    """The application's code tables (loaded and validated once)."""
    return load_code_tables_file(resource_path(*CODE_TABLES_FILE))


def load_code_tables_file(path: Path) -> CodeTables:
    return parse_code_tables(_read_json(path), source=path.name)


def parse_code_tables(data: object, source: str = "code tables") -> CodeTables:
    check = _Checks(source)
    root = check.obj(data, "top level")
    check.keys(root, "top level", {"tables"}, set())
    labels: dict[tuple[str, str], CodeLabel] = {}
    for t, raw_table in enumerate(check.array(root, "tables", "top level")):
        table = check.obj(raw_table, f"table #{t + 1}")
        check.keys(table, f"table #{t + 1}", {"name", "codes"}, {"description"})
        name = check.text(table, "name", f"table #{t + 1}")
        for c, raw_code in enumerate(check.array(table, "codes", f"table {name!r}")):
            where = f"table {name!r}: code #{c + 1}"
            entry = check.obj(raw_code, where)
            check.keys(entry, where, {"system", "code", "display"}, set())
            system = check.text(entry, "system", where)
            code = check.text(entry, "code", where)
            nl, en = check.texts(entry, "display", where)
            label = CodeLabel(name, system, code, nl, en)
            earlier = labels.get((system, code))
            if earlier and (earlier.label_nl, earlier.label_en) != (nl, en):
                raise check.fail(
                    where, f"{system}|{code} already has other labels in table {earlier.table!r}"
                )
            labels.setdefault((system, code), label)
    return CodeTables(labels)

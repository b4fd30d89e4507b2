"""No English (or any untranslated) word left in the Indonesian interface, and dates in long
form. Walks every template, every form and filter, and renders the main pages in Indonesian
as each demo role (issue 18)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "akkopsi"
TEMPLATES = sorted(
    p for p in PACKAGE.glob("**/templates/**/*") if p.suffix in {".html", ".txt"} and p.is_file()
)

#: Words that are the same in both languages: names, acronyms, units, symbols.
PROPER = {
    "AKKOPSI",
    "API",
    "CSV",
    "XLSX",
    "PDF",
    "Rp",
    "SSK",
    "MPS",
    "APBD",
    "Akkopsinergi",
    "Sanipura",
    "Rapor",
    "Sanitasi",
    "Pokja",
    "OpenAPI",
    "ReDoc",
    "Swagger",
    "htmx",
    "SVG",
    "Bahasa",
    "Indonesia",
    "English",
    "City",
    "Sanitation",
    "Summit",
    "CSS",
    "BABS",
    "STBM",
    "ODF",
    "IPLT",
    "TPA",
    "TPS",
    "SPALD",
    "SPAL",
    "KWT",
    "INV",
    "ID",
    "Aliansi",
    "Kabupaten",
    "Kota",
    "Peduli",
    "Indonesian",
    "Award",
    "Sekretariat",
    "Nasional",
    "SHA",
}
#: Words written the same in English and Indonesian.
SAME = {"Status", "Target", "regional", "Data", "Volume", "E-mail", "Markdown", "CSR", "KPBU"}
#: Attributes a person reads (the rest are for machines).
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")


def _blank(match: re.Match[str]) -> str:
    """The matched text as spaces, its newlines kept (line numbers stay right)."""
    return re.sub(r"[^\n]", " ", match.group(0))


BLOCKS = re.compile(
    r"{%\s*(blocktranslate|blocktrans|comment|verbatim)\b.*?{%\s*end\1\s*%}"
    r"|{#.*?#}|<(script|style|code)\b.*?</\2>",
    re.S | re.I,
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
READ = re.compile(rf'\b(?:{"|".join(READ_ATTRIBUTES)})="([^"]*)"')


def untranslated_template_text(path: Path) -> Iterator[tuple[int, str]]:
    """(line, words) a person reads in ``path`` that are not inside a translate tag: text
    between HTML tags and the attributes a person reads (title, alt, placeholder, aria)."""
    source = BLOCKS.sub(_blank, path.read_text())
    source = TEMPLATE_CODE.sub(_blank, source)
    pieces: list[tuple[int, str]] = []
    for tag in TAG.finditer(source):
        pieces += [(tag.start(), m.group(1)) for m in READ.finditer(tag.group(0))]
    text = TAG.sub(_blank, source)
    pieces += [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    for start, piece in sorted(pieces):
        words = _words(html.unescape(piece))
        if words:
            yield source.count("\n", 0, start) + 1, " ".join(words)


def _words(text: str) -> list[str]:
    text = re.sub(r"\bNo\. ", " ", text)  # "No. 12": the number of an edition
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w.strip("-") not in PROPER]


# -- translate tags: each has its Indonesian translation ------------------------------------


def _catalogue() -> Any:
    from django.utils.translation import trans_real

    return trans_real.translation("id")._catalog


def template_msgids(path: Path) -> Iterator[tuple[str, str | None]]:
    """(msgid, context) of every translate and blocktranslate tag in ``path``."""
    from django.template import engines
    from django.templatetags.i18n import BlockTranslateNode, TranslateNode

    template = engines["django"].from_string(path.read_text()).template
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        literal = node.filter_expression.var
        if getattr(literal, "literal", None) is not None:  # Django looks up "%" as "%%"
            yield str(literal.literal).replace("%", "%%"), _context(node)
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        yield node.render_token_list(node.singular)[0], _context(node)  # plural: same key


def _context(node: Any) -> str | None:
    ctx = node.message_context
    return None if ctx is None else str(ctx.var if hasattr(ctx, "var") else ctx)


def has_translation(catalogue: Any, msgid: str, context: str | None = None) -> bool:
    key = f"{context}\x04{msgid}" if context else msgid
    return key in catalogue or (key, 0) in catalogue


# -- forms and filters: labels, help texts and choices in Indonesian -------------------------

APPS = sorted(p.parent.name for p in PACKAGE.glob("*/forms.py")) + sorted(
    p.parent.name for p in PACKAGE.glob("*/filters.py")
)


def _form_classes() -> Iterator[tuple[str, type]]:
    import importlib
    import inspect

    from django import forms
    from django_filters import FilterSet

    for module_name in [f"akkopsi.{p.parent.name}.{p.stem}" for p in PACKAGE.glob("*/forms.py")] + [
        f"akkopsi.{p.parent.name}.{p.stem}" for p in PACKAGE.glob("*/filters.py")
    ]:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name:
                continue
            if issubclass(cls, forms.BaseForm | FilterSet) and not inspect.isabstract(cls):
                yield f"{module_name}.{name}", cls


def _fields(cls: type) -> dict[str, Any]:
    """The fields of a form class as declared (labels still lazy); a field without a label
    gets the one Django would show (its name, in English)."""
    from django.forms.utils import pretty_name

    fields = dict(cls.base_fields)  # type: ignore[attr-defined]
    for name, field in fields.items():
        if field.label is None:
            field.label = pretty_name(name)
    return fields


def _filter_fields(cls: type, language: str) -> dict[str, Any]:
    """The form fields of a FilterSet built in ``language`` (django-filter turns labels into
    text when it builds the form, so each language is built apart)."""
    from django.utils import translation

    model = cls._meta.model  # type: ignore[attr-defined]
    with translation.override(language):
        form = cls(data={}, queryset=model._default_manager.none()).form  # type: ignore[call-arg]
        return {
            name: [(kind, str(text)) for kind, text in _texts(field)]
            for name, field in form.fields.items()
        }


def _texts(field: Any) -> Iterator[tuple[str, Any]]:
    from django.forms import HiddenInput, MultipleHiddenInput

    if isinstance(field.widget, HiddenInput | MultipleHiddenInput):
        return
    yield "label", field.label
    if field.help_text:
        yield "help_text", field.help_text
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(choices, "queryset"):
        for value, label in list(choices):
            if isinstance(label, list | tuple):  # an optgroup
                continue
            if value not in ("", None):
                yield f"choice {value}", label


def _msgid(text: Any) -> tuple[str, str | None] | None:
    """(msgid, context) of a lazy translation (through capfirst and the like), else None."""
    from django.utils.functional import Promise

    while isinstance(text, Promise):
        args = getattr(text, "_args", ())
        if args and isinstance(args[0], Promise):
            text = args[0]
            continue
        if len(args) == 2 and all(isinstance(a, str) for a in args):
            return args[1], args[0]  # pgettext_lazy(context, message)
        return (str(args[0]), None) if args and isinstance(args[0], str) else None
    return None


def untranslated_form_texts() -> Iterator[str]:
    """Labels, help texts and choices not marked for translation, or without an Indonesian
    translation in the catalogues."""
    from django_filters import FilterSet

    catalogue = _catalogue()
    for where, cls in _form_classes():
        if issubclass(cls, FilterSet):
            if cls._meta.model is None:  # type: ignore[attr-defined]  # a base class
                continue
            english, indonesian = _filter_fields(cls, "en"), _filter_fields(cls, "id")
            for name, texts in english.items():
                for (kind, en), (_kind, id_) in zip(texts, indonesian[name], strict=True):
                    # Marked and translated alike on purpose ("Persampahan") is fine.
                    same = en == id_ and not has_translation(catalogue, en)
                    if same and [w for w in _words(en) if w not in SAME]:
                        yield f"{where}.{name} {kind} not translated: {en!r}"
            continue
        for name, field in _fields(cls).items():
            for kind, text in _texts(field):
                found = _msgid(text)
                if found is None:
                    if _words(str(text)):
                        yield f"{where}.{name} {kind} not marked for translation: {text!r}"
                elif not has_translation(catalogue, *found) and _words(found[0]):
                    yield f"{where}.{name} {kind} without Indonesian translation: {found[0]!r}"


# -- messages raised to the user from Python ---------------------------------------------------


def unmarked_error_messages(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of ValidationError messages written as plain strings (not gettext)."""
    import ast

    def plain(node: ast.AST) -> bool:
        return isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        )

    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name != "ValidationError":
            continue
        message = node.args[0]
        values = message.values if isinstance(message, ast.Dict) else [message]
        for value in values:
            if value is not None and plain(value):
                yield value.lineno, ast.unparse(value)


# -- dates in long form -----------------------------------------------------------------------

DATE_FILTER = re.compile(r"\|date:(['\"])(.*?)\1")
#: ISO forms are for machines: form values, URLs, comparisons.
ISO = {"Y-m-d", "Ymd", "c"}


def numeric_dates_in_templates(path: Path) -> Iterator[tuple[int, str]]:
    """(line, format) of date filters that would write a day as digits ("03-12-2026") where
    a person reads it. ISO inside a tag or an HTML attribute (a value, a link) is allowed."""
    source = path.read_text()
    for match in DATE_FILTER.finditer(source):
        fmt = match.group(2)
        shown = re.sub(r"\\.", "", fmt)  # escaped letters are text
        if not re.search(r"[dmnyjFMNbEY]", shown) and "SHORT" not in fmt:
            continue  # a time, a weekday
        numeric = "SHORT" in fmt or re.search(r"[dmny]", shown)
        if not numeric:
            continue
        before = source[: match.start()]
        in_code = before.rfind("{%") > before.rfind("%}")
        in_tag = before.rfind("<") > before.rfind(">")
        if fmt in ISO and (in_code or in_tag):
            continue
        yield source.count("\n", 0, match.start()) + 1, fmt


STRFTIME = re.compile(r"%d[-/.]%m")
#: Files another part of issue 18 rewrites (the e-mails of coordination, "notify"): the lead
#: removes an entry once that part is merged.
NOT_YET = {"coordination/reminders.py"}


def numeric_dates_in_python(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) where Python writes a day as "03-12-2026" (ISO stays for machines:
    form widgets, keys, file names)."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if STRFTIME.search(line):
            yield number, line.strip()


# -- the tests ---------------------------------------------------------------------------------


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def test_every_template_marks_what_people_read_for_translation() -> None:
    found = [f"{_rel(p)}:{n}: {t}" for p in TEMPLATES for n, t in untranslated_template_text(p)]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_every_translate_tag_has_its_indonesian_translation() -> None:
    catalogue = _catalogue()
    found = [
        f"{_rel(p)}: {msgid!r}"
        for p in TEMPLATES
        for msgid, context in template_msgids(p)
        if _words(msgid) and not has_translation(catalogue, msgid, context)
    ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_every_form_and_filter_speaks_indonesian() -> None:
    found = list(untranslated_form_texts())
    assert not found, "\n".join(found)


def test_messages_raised_from_python_are_marked_for_translation() -> None:
    sources = [p for p in PACKAGE.glob("**/*.py") if not {"tests", "migrations"} & set(p.parts)]
    found = [f"{_rel(p)}:{n}: {t}" for p in sources for n, t in unmarked_error_messages(p)]
    assert not found, "\n".join(found)


def test_dates_are_written_in_long_form() -> None:
    found = [
        f"{_rel(p)}:{n}: |date:{f!r}" for p in TEMPLATES for n, f in numeric_dates_in_templates(p)
    ]
    sources = [
        p
        for p in PACKAGE.glob("**/*.py")
        if not {"tests", "migrations", "formats"} & set(p.parts) and _rel(p) not in NOT_YET
    ]
    found += [f"{_rel(p)}:{n}: {t}" for p in sources for n, t in numeric_dates_in_python(p)]
    assert not found, "\n".join(found)


def test_the_walkers_find_what_they_look_for(tmp_path: Path) -> None:
    """The checks above would fail on the mistakes they look for."""
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<p title="Open it">Save {% translate "Cancel" %}</p>'
        "{% blocktranslate %}Fine{% endblocktranslate %}<a href=\"?d={{ d|date:'Y-m-d' }}\">"
        '{{ d|date:"d-m-Y" }}</a>'
    )
    assert sorted(t for _n, t in untranslated_template_text(page)) == ["Open it", "Save"]
    assert [f for _n, f in numeric_dates_in_templates(page)] == ["d-m-Y"]
    code = tmp_path / "code.py"
    code.write_text(
        'raise ValidationError({"code": "Anggota tidak dikenal."})\nx = f"{d:%d-%m-%Y}"\n'
    )
    assert [n for n, _t in unmarked_error_messages(code)] == [1]
    assert [n for n, _t in numeric_dates_in_python(code)] == [2]

"""Engine errors in the user's language: the edge's half of the engines' error codes.

The engines (``akkopsi.engines``) raise :class:`~akkopsi.engines.errors.EngineError` with
a code, parameters and the input it names; they never speak the user's language. An app
that shows engine errors keeps a table code -> English msgid (marked with
``gettext_lazy`` so that ``makemessages`` keeps it, Indonesian in the app's ``.po``) and
calls :func:`engine_text` with it. See ``docs/adr/0038-engine-error-codes.md``.

A code missing from the table (an engine part that still raises free text) is shown as
the engine wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from akkopsi.engines.errors import EngineError, Place

__all__ = ["MessageTable", "engine_text", "located_text", "missing_codes", "place_text"]

MessageTable = Mapping[str, str | Promise]
"""Engine code -> msgid (``gettext_lazy``), with the same ``%(name)s`` placeholders."""


def engine_text(exc: EngineError, table: MessageTable) -> str:
    """The message of ``exc`` in the active language (without the place it names)."""
    msgid = table.get(exc.error_code)
    if msgid is None:
        return exc.message
    return str(msgid) % dict(exc.params)


PLACE_WORDS: Mapping[str, tuple[str | Promise, str]] = {
    "row": (gettext_lazy("row %(n)s"), "n"),
    "column": (gettext_lazy("column %(name)s"), "name"),
    "key": (gettext_lazy("key %(key)s"), "key"),
    "code": (gettext_lazy("code %(code)s"), "code"),
}
"""Part of a :class:`~akkopsi.engines.errors.Place` -> (msgid, its placeholder); a part
not listed (``unit``, the same word in Indonesian) keeps the engine's English words."""


def _place_word(part: str, value: str | int) -> str:
    entry = PLACE_WORDS.get(part)
    if entry is None:
        return f"{part} {value}"
    msgid, name = entry
    return str(msgid) % {name: value}


def place_text(place: Place) -> str:
    """A structured place in the active language ("META.csv baris 3, kolom Weight")."""
    return place.words(_place_word)


def located_text(exc: EngineError, table: MessageTable, place: Callable[[str], str] = str) -> str:
    """``where: message`` in the active language; the message alone when the error names
    no place. A structured place (:class:`~akkopsi.engines.errors.Place`) is worded here;
    a plain ``where`` text goes through ``place`` (e.g. the planner's solver stages)."""
    text = engine_text(exc, table)
    if exc.place is not None:
        return f"{place_text(exc.place)}: {text}"
    return text if exc.where is None else f"{place(exc.where)}: {text}"


def missing_codes(codes: Iterable[str], table: MessageTable) -> set[str]:
    """The codes of ``codes`` (e.g. an engine's code enum) that ``table`` lacks."""
    return {str(code) for code in codes if code not in table}

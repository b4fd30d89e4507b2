"""Typed access to the tables of a TOML build specification; every error names the key."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from akkopsi.engines.errors import Param, Place

from .errors import CompositeIssue, InputFileError

__all__ = ["_Reader", "_join", "_merge", "_show"]


class _Reader:
    """Typed access to the TOML tables; every error names the dotted key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, message: str, **params: Param) -> InputFileError:
        return InputFileError(message, where=Place(file=self.source, key=key), **params)

    def table(self, value: object, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, CompositeIssue.TOML_NOT_TABLE, value=_show(value))
        return value

    def keys(self, tab: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> None:
        for k in tab:
            if k not in allowed:
                raise self.error(
                    _join(key, k), CompositeIssue.TOML_UNKNOWN_KEY, choices=", ".join(allowed)
                )

    def text(self, tab: Mapping[str, Any], key: str, name: str, choices: tuple[str, ...]) -> str:
        value = tab[name]
        if not isinstance(value, str) or (choices and value not in choices):
            if not choices:
                raise self.error(_join(key, name), CompositeIssue.TOML_NOT_TEXT, value=_show(value))
            raise self.error(
                _join(key, name),
                CompositeIssue.TOML_UNKNOWN_VALUE,
                value=_show(value),
                choices=", ".join(choices),
            )
        return value

    def number(self, value: object, key: str, *, lo: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, CompositeIssue.TOML_NOT_NUMBER, value=_show(value))
        x = float(value)
        if not math.isfinite(x) or (lo is not None and x < lo):
            if lo is None:
                raise self.error(key, CompositeIssue.TOML_NUMBER_NOT_FINITE, value=_show(value))
            raise self.error(key, CompositeIssue.TOML_NUMBER_BELOW, lo=lo, value=_show(value))
        return x

    def integer(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(key, CompositeIssue.TOML_NOT_COUNT, value=_show(value))
        return value

    def flag(self, tab: Mapping[str, Any], key: str, name: str, only: bool) -> None:
        """A logical COINr argument the engine supports with one value only."""
        if name in tab and tab[name] is not only:
            raise self.error(
                _join(key, name),
                CompositeIssue.TOML_ONLY_VALUE,
                only=str(only).lower(),
                value=_show(tab[name]),
            )


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "sebuah tabel"
    return repr(value)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """R's ``utils::modifyList``: nested tables merged, other values replaced."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out

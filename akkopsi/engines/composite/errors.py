"""Domain errors of the composite-indicator engine.

All of them derive from :class:`akkopsi.engines.errors.EngineError`, so adapters can catch
one base class. Messages are in Indonesian (the users read them); ``where`` names the place
(file, row, column, indicator, unit) that caused the error.
"""

from __future__ import annotations

from akkopsi.engines.errors import EngineError

__all__ = [
    "CompositeError",
    "DataError",
    "DomainError",
    "InputFileError",
    "MethodologyError",
]


class CompositeError(EngineError):
    """Base class of every error raised by ``akkopsi.engines.composite``."""


class MethodologyError(CompositeError):
    """The methodology (tree, weights, per-indicator methods) is invalid.

    ``code`` is the indicator or aggregate code at fault and ``field`` the attribute
    (named as the META column: ``Parent``, ``Weight``, ``Lower`` ...), so the META reader
    can translate them into a row and column.
    """

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        if where is None and code is not None:
            where = f"kode {code}" + (f", kolom {field}" if field else "")
        super().__init__(message, where=where)
        self.code = code
        self.field = field


class DataError(CompositeError):
    """The indicator data do not fit the methodology (missing column, duplicate unit ...)."""

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        unit: str | None = None,
        column: str | None = None,
    ) -> None:
        if where is None and (unit is not None or column is not None):
            parts = []
            if unit is not None:
                parts.append(f"unit {unit}")
            if column is not None:
                parts.append(f"kolom {column}")
            where = ", ".join(parts)
        super().__init__(message, where=where)
        self.unit = unit
        self.column = column


class DomainError(CompositeError):
    """A computation is undefined for the given values (log of a non-positive number,
    geometric mean of a value <= 0, division by a zero denominator ...)."""


class InputFileError(CompositeError):
    """A CSV input file is malformed; ``where`` is "FILE baris R, kolom C"."""

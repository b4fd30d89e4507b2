"""The indicator data: units x indicator columns, with names and groups of the units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import CompositeIssue, DataError

__all__ = ["IndicatorTable"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class IndicatorTable:
    """Unit x column table of numbers (NaN = missing), plus optional names and group labels.

    ``columns`` holds indicator and denominator columns; ``groups`` maps a group column
    name to one label per unit (used by group imputation).
    """

    units: tuple[str, ...]
    columns: tuple[str, ...]
    values: FloatArray
    names: tuple[str, ...] | None = None
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        units = tuple(str(u) for u in self.units)
        columns = tuple(str(c) for c in self.columns)
        values = np.array(self.values, dtype=np.float64, copy=True)
        if values.ndim != 2 or values.shape != (len(units), len(columns)):
            raise DataError(
                CompositeIssue.TABLE_SHAPE,
                shape=str(values.shape),
                units=len(units),
                columns=len(columns),
            )
        seen: dict[str, int] = {}
        for i, u in enumerate(units):
            if not u.strip():
                raise DataError(CompositeIssue.EMPTY_UNIT_CODE, column="uCode", position=i + 1)
            if u in seen:
                raise DataError(CompositeIssue.DUPLICATE_UNIT, unit=u, column="uCode")
            seen[u] = i
        if len(set(columns)) != len(columns):
            raise DataError(CompositeIssue.DUPLICATE_DATA_COLUMN)
        if np.isinf(values).any():
            raise DataError(CompositeIssue.INFINITE_VALUE)
        values.flags.writeable = False
        if self.names is not None and len(self.names) != len(units):
            raise DataError(CompositeIssue.UNIT_NAMES_LENGTH, column="uName")
        groups: dict[str, tuple[str, ...]] = {}
        for g, labels in self.groups.items():
            labels_t = tuple(str(x) for x in labels)
            if len(labels_t) != len(units):
                raise DataError(CompositeIssue.GROUP_LABELS_LENGTH, column=g)
            groups[str(g)] = labels_t
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "names", None if self.names is None else tuple(self.names))
        object.__setattr__(self, "groups", MappingProxyType(groups))

    @classmethod
    def from_columns(
        cls,
        units: Sequence[str],
        columns: Mapping[str, Sequence[float | None]],
        *,
        names: Sequence[str] | None = None,
        groups: Mapping[str, Sequence[str]] | None = None,
    ) -> IndicatorTable:
        codes = tuple(columns)
        n = len(units)
        values = np.full((n, len(codes)), np.nan)
        for j, c in enumerate(codes):
            col = list(columns[c])
            if len(col) != n:
                raise DataError(CompositeIssue.COLUMN_LENGTH, column=c, given=len(col), expected=n)
            values[:, j] = [np.nan if v is None else float(v) for v in col]
        return cls(
            tuple(units),
            codes,
            values,
            None if names is None else tuple(names),
            {} if groups is None else {k: tuple(v) for k, v in groups.items()},
        )

    @property
    def n_units(self) -> int:
        return len(self.units)

    def column(self, code: str) -> FloatArray:
        try:
            j = self.columns.index(code)
        except ValueError:
            raise DataError(CompositeIssue.COLUMN_MISSING, column=code) from None
        out: FloatArray = self.values[:, j]
        return out

    def reorder(self, order: Sequence[int] | npt.NDArray[np.integer[Any]]) -> IndicatorTable:
        """The same table with its units (rows) permuted."""
        idx = np.asarray(order, dtype=np.intp)
        return IndicatorTable(
            tuple(self.units[i] for i in idx),
            self.columns,
            self.values[idx],
            None if self.names is None else tuple(self.names[i] for i in idx),
            {g: tuple(v[i] for i in idx) for g, v in self.groups.items()},
        )

"""Denominators from another table (COINr ``Denominate(denoms = ...)``)."""

from __future__ import annotations

import csv
import math
from typing import TYPE_CHECKING

import numpy as np

from akkopsi.engines.errors import Place

from .errors import CompositeIssue, InputFileError
from .types import IndicatorTable, Methodology

if TYPE_CHECKING:
    from .spec import DenominateStep

__all__ = ["attach_denoms"]


def attach_denoms(
    data: IndicatorTable, step: DenominateStep, method: Methodology
) -> IndicatorTable:
    """``data`` with the denominator columns of ``method`` taken from ``step.denoms``
    (matched on ``step.denoms_id``; extra rows allowed, every unit must be present)."""
    if step.denoms is None:
        return data
    path = step.denoms
    where = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(CompositeIssue.DENOMS_NOT_FOUND, where=str(path)) from None
    rows = list(csv.DictReader(text.splitlines()))
    header = list(rows[0]) if rows else []
    if step.denoms_id not in header:
        raise InputFileError(CompositeIssue.DENOMS_ID_MISSING, where=where, column=step.denoms_id)
    wanted: list[str] = []
    for ind in method.indicators:
        if ind.denominator is not None and ind.denominator not in wanted:
            wanted.append(ind.denominator)
    for col in wanted:
        if col not in header:
            raise InputFileError(CompositeIssue.DENOMS_COLUMN_MISSING, where=where, column=col)
    by_id = {r[step.denoms_id].strip(): (n, r) for n, r in enumerate(rows, start=2)}
    values = np.array(data.values, copy=True)
    cols = list(data.columns)
    extra: dict[str, list[float]] = {c: [] for c in wanted if c not in cols}
    for unit_pos, unit in enumerate(data.units):
        if unit not in by_id:
            raise InputFileError(CompositeIssue.DENOMS_UNIT_MISSING, where=where, unit=unit)
        row_no, rec = by_id[unit]
        for col in wanted:
            text_v = (rec.get(col) or "").strip()
            try:
                v = math.nan if text_v.lower() in ("", "na", "nan") else float(text_v)
            except ValueError:
                raise InputFileError(
                    CompositeIssue.CELL_NOT_NUMBER,
                    where=Place(file=where, row=row_no, column=col),
                    text=text_v,
                ) from None
            if col in extra:
                extra[col].append(v)
            else:
                values[unit_pos, cols.index(col)] = v
    if extra:
        values = np.hstack([values, np.array(list(extra.values())).T])
        cols += list(extra)
    return IndicatorTable(data.units, tuple(cols), values, data.names, dict(data.groups))

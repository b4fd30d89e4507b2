"""The engine's problems and results as JSON: tagged (``encode``/``decode``, an exact round
trip, for the saved results) or plain (``plain``, for the API)."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from akkopsi.engines import allocation

__all__ = ["decode", "encode", "plain"]

_TYPES: dict[str, type] = {
    name: obj
    for name in allocation.__all__
    if isinstance(obj := getattr(allocation, name), type)
    and (is_dataclass(obj) or issubclass(obj, Enum))
}


def encode(obj: Any) -> Any:
    """Engine dataclasses -> JSON, tagged so that :func:`decode` gives back an equal object."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {"@": type(obj).__name__} | {
            f.name: encode(getattr(obj, f.name)) for f in fields(obj)
        }
    if isinstance(obj, Enum):
        return {"@enum": type(obj).__name__, "v": obj.value}
    if isinstance(obj, Decimal):
        return {"@d": str(obj)}
    if isinstance(obj, frozenset):
        return {"@set": sorted(obj)}
    if isinstance(obj, tuple | list):
        return [encode(x) for x in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return {"@f": repr(obj)}
    return obj


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(decode(x) for x in data)
    if not isinstance(data, dict):
        return data
    if "@" in data:
        return _TYPES[data["@"]](**{k: decode(v) for k, v in data.items() if k != "@"})
    if "@enum" in data:
        return _TYPES[data["@enum"]](data["v"])
    if "@d" in data:
        return Decimal(data["@d"])
    if "@set" in data:
        return frozenset(data["@set"])
    if "@f" in data:
        return float(data["@f"])
    raise ValueError(f"unknown JSON tag in {sorted(data)}")


def plain(obj: Any) -> Any:
    """Engine dataclasses -> plain JSON for the API (money as decimal strings)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, frozenset):
        return sorted(obj)
    if isinstance(obj, tuple | list):
        return [plain(x) for x in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj

"""The two warnings on a reported value, stated once: a year-on-year jump larger than the
indicator's threshold, and a value far from other members' values of the same year (the
modified z-score of Iglewicz and Hoaglin, as DHIS2 flags outliers). The importer's dry run
(``importing.checks``) and the secretariat's review screen (``data.review``) both ask here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from akkopsi.engines import rules

#: A value is far from the others when its modified z-score is beyond this.
OUTLIER_Z = Decimal("3.5")
#: Fewer members' values than this say nothing about what is usual.
OUTLIER_MIN_UNITS = 8


def is_jump(value: Decimal, previous: Decimal | None, limit: Decimal | None) -> bool:
    """Whether ``value`` changed from ``previous`` by more than the indicator's ``limit``."""
    if previous is None or limit is None:
        return False
    return abs(value - previous) > limit


@dataclass(frozen=True, slots=True)
class Spread:
    """The median of members' values and their median absolute deviation (never zero)."""

    median: Decimal
    mad: Decimal

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Spread | None:
        """None when there are too few values, or when they hardly differ (no deviation)."""
        numbers = list(values)
        if len(numbers) < OUTLIER_MIN_UNITS:
            return None
        mid = rules.median(numbers) or Decimal(0)
        mad = rules.median(abs(x - mid) for x in numbers) or Decimal(0)
        return cls(mid, mad) if mad > 0 else None

    def score(self, value: Decimal) -> float:
        """The modified z-score of ``value``."""
        return 0.6745 * (float(value) - float(self.median)) / float(self.mad)

    def is_outlier(self, value: Decimal) -> bool:
        return abs(self.score(value)) > float(OUTLIER_Z)

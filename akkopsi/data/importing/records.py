"""What an import carries once its cells are read: typed records and problems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from akkopsi.core.formatting import format_number

Severity = Literal["error", "warning"]
#: Problems listed per kind (the same message, whatever its numbers); the rest are counted.
#: A file of 199.000 duplicate rows gives 50 lines and "198.950 more of the same kind".
MAX_PER_KIND = 50
_NUMBERS = re.compile(r"\d+")


def kind_of(problem: Problem) -> tuple[str, str]:
    """Problems of one kind: the same severity and message once numbers are set aside."""
    return problem.severity, _NUMBERS.sub("#", problem.message)


@dataclass(frozen=True, slots=True)
class Omitted:
    """``count`` more problems like ``example`` that are not listed one by one."""

    example: Problem
    count: int

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _("%(count)s more problems of the same kind as %(example)s") % {
            "count": format_number(self.count),
            "example": self.example,
        }


def summarise(problems: Iterable[Problem]) -> tuple[list[Problem], list[Omitted]]:
    """The first MAX_PER_KIND problems of each kind, and how many more of each kind."""
    listed: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], Problem] = {}
    for p in problems:
        key = kind_of(p)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= MAX_PER_KIND:
            listed.append(p)
            first.setdefault(key, p)
    more = [Omitted(first[k], n - MAX_PER_KIND) for k, n in seen.items() if n > MAX_PER_KIND]
    return listed, more


@dataclass(frozen=True, slots=True)
class Where:
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass(frozen=True, slots=True)
class Problem:
    where: Where
    value: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        shown = f" «{self.value}»" if self.value else ""
        return f"{self.where}{shown}: {self.message}"


@dataclass(slots=True)
class ValueRecord:
    member_id: int
    code: str
    indicator_id: int
    indicator: str
    year: int
    value: Decimal
    comment: str  # the value's own comment (long layout): stored, and compared with the stored one
    where: Where
    #: the row's ``komentar`` (wide layout) or one typed in the preview: the explanation of a
    #: flag, stored with the value when it is written; never a change by itself
    explanation: str = ""
    label: str = ""  # the indicator's name, for pages


@dataclass(slots=True)
class BudgetRecord:
    member_id: int
    code: str
    year: int
    subsector: str
    source: str
    stage: str
    amount: Decimal
    where: Where


@dataclass(slots=True)
class ApbdRecord:
    member_id: int
    code: str
    year: int
    stage: str
    amount: Decimal
    where: Where


@dataclass(slots=True)
class PopulationRecord:
    code: str
    year: int
    population: int
    where: Where


@dataclass(slots=True)
class Parsed:
    values: list[ValueRecord] = field(default_factory=list)
    budget: list[BudgetRecord] = field(default_factory=list)
    apbd: list[ApbdRecord] = field(default_factory=list)
    population: list[PopulationRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    #: errors beyond MAX_PER_KIND of their kind are counted here, not kept (memory and page size)
    omitted: dict[tuple[str, str], Omitted] = field(default_factory=dict)
    per_kind: dict[tuple[str, str], int] = field(default_factory=dict)

    def error(self, where: Where, value: object, message: str) -> None:
        problem = Problem(where, "" if value is None else str(value)[:60], message, "error")
        key = kind_of(problem)
        count = self.per_kind.get(key, 0) + 1
        self.per_kind[key] = count
        if count <= MAX_PER_KIND:
            self.problems.append(problem)
        else:
            example = self.omitted[key].example if key in self.omitted else problem
            self.omitted[key] = Omitted(example, count - MAX_PER_KIND)

    @property
    def error_count(self) -> int:
        """Every error, listed or not."""
        return len(self.errors) + sum(o.count for o in self.omitted.values())

    def warn(self, where: Where, value: object, message: str) -> None:
        self.problems.append(
            Problem(where, "" if value is None else str(value)[:60], message, "warning")
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

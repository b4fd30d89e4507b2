"""What an import carries once its cells are read: typed records and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning"]


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
    comment: str
    where: Where


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

    def error(self, where: Where, value: object, message: str) -> None:
        self.problems.append(
            Problem(where, "" if value is None else str(value)[:60], message, "error")
        )

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

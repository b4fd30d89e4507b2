"""Missing is not zero: the one way to say that a figure is missing, and why.

A figure with no data behind it is a ``Missing`` value carrying its ``Reason``, never 0, 0 %
or an empty string. Every surface renders it from here:

- pages and PDFs: the formatting filters (``persen``, ``rupiah``, ``angka``) and the
  ``missing`` filter render "belum dilaporkan" with the reason (``missing_html``);
- CSV/XLSX exports: ``str(value)``, the same text in the cell (``core.exports``);
- the API: ``null`` with a sibling ``<field>_reason`` holding the reason's code
  (``api_value``, used by the JSON helpers).

Aggregates (counts, medians, shares) are taken over the present values only, and say how many
they exclude next to the figure (``Coverage``): "63,1% dari 286 anggota yang melapor;
206 belum melapor". See docs/adr/0019-missing-is-not-zero.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a figure is missing (the code is what the API and the exports carry)."""

    NOT_REPORTED = "not_reported", _("not reported")
    NOT_VERIFIED = "not_verified", _("reported but not verified yet")
    NOT_PUBLISHED = "not_published", _("not published yet")
    NO_APBD_TOTAL = "no_apbd_total", _("no APBD total reported")
    NO_BUDGET_LINES = "no_budget_lines", _("no sanitation budget lines reported")
    NO_POPULATION = "no_population", _("no population figure")
    NOT_RANKED = "not_ranked", _("not ranked in a published Sanipura Award edition")
    NO_SOLVED_PLAN = "no_solved_plan", _("no solved investment plan")


@dataclass(frozen=True, slots=True)
class Missing:
    """A figure that is missing, and why. Falsy, so ``{% if value %}`` treats it as absent;
    arithmetic on it fails loudly instead of counting it as 0."""

    reason: str

    def __bool__(self) -> bool:
        return False

    @property
    def label(self) -> str:
        return str(Reason(self.reason).label)

    def __str__(self) -> str:
        if self.reason == Reason.NOT_REPORTED:
            return gettext("not reported")
        return gettext("not reported (%(reason)s)") % {"reason": self.label}


def is_missing(value: object) -> bool:
    return value is None or isinstance(value, Missing)


def or_missing(value: Any, reason: str) -> Any:
    """``value``, or ``Missing(reason)`` when it is None."""
    return Missing(reason) if value is None else value


def present(values: Any) -> list[Any]:
    """The values that are there (for counts, medians and shares)."""
    return [v for v in values if not is_missing(v)]


def missing_html(value: Missing) -> str:
    """The rendering on pages and PDFs: "belum dilaporkan" and the reason."""
    if value.reason == Reason.NOT_REPORTED:
        return format_html(
            '<span class="missing-value" data-reason="{}">{}</span>',
            value.reason,
            gettext("not reported"),
        )
    return format_html(
        '<span class="missing-value" data-reason="{}">{} <small>({})</small></span>',
        value.reason,
        gettext("not reported"),
        value.label,
    )


def api_value(key: str, value: Any) -> dict[str, Any]:
    """``{key: value}``, or ``{key: None, key_reason: code}`` when the value is missing."""
    if isinstance(value, Missing):
        return {key: None, f"{key}_reason": value.reason}
    return {key: value}


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who an aggregate is over: ``reporting`` members had the figure, ``excluded`` did not."""

    reporting: int
    excluded: int

    @classmethod
    def of(cls, reporting: int, expected: int) -> Coverage:
        """``reporting`` of the ``expected`` members (never a negative exclusion: a member that
        reported and left the alliance since still counts as reporting)."""
        return cls(reporting, max(expected - reporting, 0))

    def text(self) -> str:
        """ "dari 286 anggota yang melapor; 206 belum melapor" (the figure goes before it)."""
        return gettext("of %(reporting)s reporting members; %(excluded)s not reporting") % {
            "reporting": _int(self.reporting),
            "excluded": _int(self.excluded),
        }

    def as_json(self) -> dict[str, int]:
        return {"reporting": self.reporting, "excluded": self.excluded}


def _int(n: int) -> str:
    from akkopsi.core.formatting import format_number

    return format_number(Decimal(n))

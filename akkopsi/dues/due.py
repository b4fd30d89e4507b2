"""When an invoice falls due, and when what is left on it counts as arrears.

The one home of the rule (docs/adr/0017-dues-due-dates.md); every report, check and
reminder reads it from here, in Python or as the ``Q`` of the same comparison in SQL:

- *Due date.* Decided once, when the invoice is issued, and stored on the invoice: it is a
  business fact and never recomputed. A dues invoice is due on its schedule's due date (for
  a member joining during the year, the end of the month after it joined, if later), but
  never sooner than the schedule's grace period (``DuesSchedule.grace_days``) after the day
  it is issued: invoices issued late give every member the same time to pay. A one-off
  invoice carries the due date it was given.
- *Past due.* What is still owed on an invoice is past due on day ``on`` when the due date
  is before ``on``: paying on the due date itself is on time.
- *Arrears.* The balances, as of ``on``, of invoices past due on ``on``; nothing else. They
  are aged by the year of the invoice (``age_bucket``); how long a balance has been past
  due is ``days_past_due``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

#: The grace period of a schedule unless the board sets another one (days after issue).
DEFAULT_GRACE_DAYS = 30
MAX_GRACE_DAYS = 365


def invoice_due_on(base_due: date, issued_on: date, grace_days: int) -> date:
    """The due date of a dues invoice issued on ``issued_on`` whose schedule makes it due on
    ``base_due``: that date, or ``grace_days`` after issue when that is later."""
    return max(base_due, issued_on + timedelta(days=grace_days))


def is_past_due(due_on: date, on: date, days: int = 0) -> bool:
    """True when an invoice due on ``due_on`` is, on ``on``, more than ``days`` days past due
    (``days=0``: past due at all)."""
    return due_on < on - timedelta(days=days)


def past_due(on: date, *, days: int = 0, prefix: str = "") -> Q:
    """``is_past_due`` as a filter on invoices (``prefix="invoice__"`` from ledger entries)."""
    return Q(**{f"{prefix}due_on__lt": on - timedelta(days=days)})


def days_past_due(due_on: date, on: date) -> int:
    """How many days an invoice due on ``due_on`` is past due on ``on`` (0: not past due)."""
    return max(0, (on - due_on).days)


#: The age groups of the arrears report, by the year of the invoice.
BUCKETS = ["current", "one_year", "two_years", "older"]


def age_bucket(invoice_year: int, on: date) -> str:
    """The age group of arrears on an invoice of ``invoice_year`` as of ``on``."""
    age = on.year - invoice_year
    if age <= 0:
        return "current"
    if age == 1:
        return "one_year"
    if age == 2:
        return "two_years"
    return "older"

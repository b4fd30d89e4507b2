"""What an irreversible or mass action is about to do, announced before it is done.

A service offering such an action has a ``plan_...`` function returning a :class:`Plan`:
the sentences shown to the person (what will happen and to how many), the count, and the
facts the announcement rests on. The action itself takes ``expected`` (the plan's
``token`` the person confirmed) and, inside its transaction, computes the same plan again
and refuses with :class:`StaleConfirmation` when it changed (:func:`check_confirmed`). So
what is announced is what is done, and a confirmation given on data that has since changed
never silently does something else. The page side is :class:`akkopsi.core.viewkit.ConfirmView`
with ``core/confirm_page.html`` (ADR 0047).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Plan:
    """What an action will do: ``lines`` to show, the ``count`` it acts on, ``warnings``
    (shown apart: "3 jurors have not finished scoring"), and ``facts``, the state the
    announcement rests on (ids, counts, amounts), from which the ``token`` is made."""

    count: int
    lines: tuple[str, ...]
    facts: tuple[object, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def token(self) -> str:
        text = repr((self.count, self.facts))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


class StaleConfirmation(ValidationError):
    """The confirmed plan is no longer what the action would do; carries the new plan."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(
            _(
                "Something changed since this page was opened, so nothing was done. "
                "Check what will happen now and confirm again."
            ),
            code="stale",
        )
        self.plan = plan


def check_confirmed(plan: Plan, expected: str | None) -> None:
    """Refuse (:class:`StaleConfirmation`) when ``expected`` is given and is not ``plan``'s
    token. ``None`` means the caller did not go through a confirmation (a command, the demo)."""
    if expected is not None and expected != plan.token:
        raise StaleConfirmation(plan)

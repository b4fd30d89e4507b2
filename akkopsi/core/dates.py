from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def today() -> date:
    """Today, or the demo date (AKKOPSI_DEMO_DATE=YYYY-MM-DD) when one is set."""
    if settings.AKKOPSI_DEMO_DATE:
        return date.fromisoformat(settings.AKKOPSI_DEMO_DATE)
    return timezone.localdate()


def end_of_day(on: date) -> datetime:
    """The first instant after day ``on`` in the project's time zone: "by D" means before it."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))

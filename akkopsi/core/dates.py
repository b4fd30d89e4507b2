from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    """Today, or the demo date (AKKOPSI_DEMO_DATE=YYYY-MM-DD) when one is set."""
    if settings.AKKOPSI_DEMO_DATE:
        return date.fromisoformat(settings.AKKOPSI_DEMO_DATE)
    return timezone.localdate()

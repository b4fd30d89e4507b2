"""The domain apps' fixtures the hook tests need (a submission year, invoices, an award)."""

from akkopsi.awards.tests.conftest import award
from akkopsi.data.tests.conftest import open_year
from akkopsi.dues.tests.conftest import invoices, schedule

__all__ = ["award", "invoices", "open_year", "schedule"]

"""Invariants over the whole demo: every published figure agrees with itself everywhere.

Not an app: only tests live here (``tests/``), each module checking one family of figures
against the demo loaded once for the package."""

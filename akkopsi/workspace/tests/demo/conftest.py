"""The demo, loaded once for this package's tests and rolled back afterwards (the invariants'
fixture)."""

from akkopsi.invariants.tests.conftest import demo

__all__ = ["demo"]

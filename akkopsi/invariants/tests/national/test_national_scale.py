"""Every invariant of the parent package, run again over the national-scale demo.

The test functions (and the module fixtures they rely on) are taken from the parent
package's modules, so a new invariant there is checked here too without a copy."""

from __future__ import annotations

from types import ModuleType

import pytest

from akkopsi.invariants.tests import (
    test_as_of,
    test_awards,
    test_commitment,
    test_dues,
    test_membership,
    test_missing,
    test_money,
)

pytestmark = pytest.mark.django_db

MODULES: list[ModuleType] = [
    test_as_of,
    test_awards,
    test_commitment,
    test_dues,
    test_membership,
    test_missing,
    test_money,
]


def _tests_and_fixtures(module: ModuleType) -> dict[str, object]:
    """The module's own test functions and fixtures (not what it imported)."""
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("__")
        and name != "pytestmark"
        and getattr(value, "__module__", None) == module.__name__
        and (
            name.startswith("test_")
            or hasattr(value, "_fixture_function_marker")
            or type(value).__name__ == "FixtureFunctionDefinition"
        )
    }


def _autouse(value: object) -> bool:
    marker = getattr(value, "_fixture_function_marker", None)
    return bool(getattr(marker, "autouse", False))


for _module in MODULES:
    _own = _tests_and_fixtures(_module)
    # Gathered here, a module's autouse fixture would apply to the tests of every module
    # (test_missing's demo date did): the modules ask for their fixtures by name instead.
    _auto = sorted(name for name, value in _own.items() if _autouse(value))
    assert not _auto, f"{_module.__name__}: autouse fixtures {_auto} would leak here"
    _clash = set(_own) & set(globals())
    assert not _clash, f"two invariant modules define {_clash}"
    globals().update(_own)

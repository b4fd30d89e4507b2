"""Assert an engine error by its code and parameters, not by its wording."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from akkopsi.engines.errors import EngineError, Param


@contextmanager
def raises_issue(
    kind: type[EngineError], code: str, **params: Param
) -> Iterator[pytest.ExceptionInfo[EngineError]]:
    """Like ``pytest.raises(kind)``, then check ``error_code`` and the given parameters."""
    with pytest.raises(kind) as info:
        yield info
    assert info.value.error_code == code, info.value
    for name, value in params.items():
        assert info.value.params[name] == value, (name, info.value.params)

"""The one way to open a browser page keeps its promise: leaving it fails the test when the
page broke the Content Security Policy, or with ``no_console_errors`` logged any error."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.conftest import BROWSER_TESTS, open_page

pytestmark = BROWSER_TESTS

STRICT = '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'


def test_a_page_that_breaks_the_csp_fails_the_test(browser: Any) -> None:
    broken = f"<html><head>{STRICT}</head><body><script>1</script></body></html>"
    with pytest.raises(AssertionError, match="Content Security Policy"), open_page(browser) as page:
        page.set_content(broken)


def test_an_error_on_the_console_fails_only_where_asked(browser: Any) -> None:
    page_with_error = "<script>console.error('kaput')</script>"
    with open_page(browser, width=390) as page:
        page.set_content(page_with_error)
        assert page.viewport_size == {"width": 390, "height": 844}
    with (
        pytest.raises(AssertionError, match="kaput"),
        open_page(browser, no_console_errors=True) as page,
    ):
        page.set_content(page_with_error)

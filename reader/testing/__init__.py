"""The QA kit: a pytest plugin with the toolbar's page object and accessibility checks."""

from reader.testing.axe import (
    AXE_VERSION,
    WCAG_TAGS,
    AccessibilityViolations,
    assert_accessible,
    axe_violations,
)
from reader.testing.focus import assert_focus_visible
from reader.testing.layout import assert_reflows, assert_target_size, assert_text_spacing
from reader.testing.toolbar import ReaderToolbar

__all__ = [
    "AXE_VERSION", "WCAG_TAGS", "AccessibilityViolations", "ReaderToolbar", "assert_accessible",
    "assert_focus_visible", "assert_reflows", "assert_target_size", "assert_text_spacing",
    "axe_violations",
]

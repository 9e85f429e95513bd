"""The QA kit: a pytest plugin with the toolbar's page object and accessibility checks.

Names load on first use, so the pytest plugin (reader.testing.plugin) imports nothing from
Playwright: installing `reader` without its `testing` extra must not break anyone's pytest.
"""

from importlib import import_module

_HOMES = {
    "AXE_VERSION": "axe",
    "WCAG_TAGS": "axe",
    "AccessibilityViolations": "axe",
    "assert_accessible": "axe",
    "axe_results": "axe",
    "axe_violations": "axe",
    "assert_focus_visible": "focus",
    "assert_reflows": "layout",
    "assert_target_size": "layout",
    "assert_text_spacing": "layout",
    "assert_zoomable": "zoom",
    "ReaderToolbar": "toolbar",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f"reader.testing.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'reader.testing' has no attribute {name!r}")


def __dir__():
    return __all__

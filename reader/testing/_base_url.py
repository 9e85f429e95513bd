"""`base_url` as a plain fixture, registered after pytest-playwright's fallback to replace it.

pytest-playwright 0.10 defines its fallback as a method of a plugin object; pytest 9 warns about
such session fixtures, and under `filterwarnings = error` every `page` test then errors.
"""

import pytest


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """`--base-url` or the `base_url` ini value, as pytest-playwright's fallback gives it."""
    return pytestconfig.getoption("--base-url", None) or pytestconfig.getini("base_url") or None

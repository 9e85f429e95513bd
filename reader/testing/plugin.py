"""pytest plugin (entry point `reader`): browser set-up for pytest-playwright, and the QA kit.

Playwright's own browser builds cannot always be downloaded; a system Chromium can. The browser
is `READER_CHROMIUM` when set, else Playwright's own Chromium when installed, else the first
Chromium found on PATH. The checks and the page object are plain functions and a class in
`reader.testing`; this module only adds fixtures.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def system_chromium() -> str | None:
    """A Chromium on this machine: READER_CHROMIUM, else the first one on PATH."""
    if os.environ.get("READER_CHROMIUM"):
        return os.environ["READER_CHROMIUM"]
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_executable(playwright_chromium_path: str | None) -> str | None:
    """The binary to launch, or None for Playwright's own (installed, and not overridden)."""
    if os.environ.get("READER_CHROMIUM"):
        return os.environ["READER_CHROMIUM"]
    if playwright_chromium_path and Path(playwright_chromium_path).is_file():
        return None
    return system_chromium()


def launch_args(base: dict, playwright_chromium_path: str | None) -> dict:
    args = {**base}
    path = chromium_executable(playwright_chromium_path)
    if path and "executable_path" not in base and "channel" not in base:
        args["executable_path"] = path
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright, browser_name):
    """Launch Playwright's Chromium if installed, else a system one (READER_CHROMIUM wins)."""
    if browser_name not in (None, "chromium"):
        return browser_type_launch_args
    try:
        own = playwright.chromium.executable_path
    except Exception:  # noqa: BLE001  (no browser registry: nothing of Playwright's own)
        own = None
    return launch_args(browser_type_launch_args, own)


def pytest_configure(config):
    """Replace pytest-playwright's `base_url` fallback (see reader.testing._base_url)."""
    if config.pluginmanager.has_plugin("playwright-base-url"):
        from reader.testing import _base_url

        config.pluginmanager.register(_base_url, "reader-base-url")

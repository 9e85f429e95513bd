"""pytest plugin (entry point `reader`): browser set-up for pytest-playwright on these machines.

Playwright's own browser builds cannot always be downloaded; a system Chromium can. The path is
`READER_CHROMIUM` when set, else the first Chromium found on PATH, else Playwright's own.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def system_chromium() -> str | None:
    if os.environ.get("READER_CHROMIUM"):
        return os.environ["READER_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch a system Chromium when there is one (overridable with READER_CHROMIUM)."""
    args = {**browser_type_launch_args}
    path = system_chromium()
    if path:
        args["executable_path"] = path
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args

"""The plugin's browser choice, and that loading it needs no Playwright."""

import subprocess
import sys

from reader.testing import plugin


def test_loading_the_plugin_imports_no_playwright():
    code = "import sys, reader.testing.plugin; print('playwright' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reader_chromium_wins(monkeypatch, tmp_path):
    own = tmp_path / "chrome"
    own.write_text("")
    monkeypatch.setenv("READER_CHROMIUM", "/opt/my/chromium")
    assert plugin.chromium_executable(str(own)) == "/opt/my/chromium"


def test_playwrights_own_browser_when_installed(monkeypatch, tmp_path):
    own = tmp_path / "chrome"
    own.write_text("")
    monkeypatch.delenv("READER_CHROMIUM", raising=False)
    assert plugin.chromium_executable(str(own)) is None
    assert "executable_path" not in plugin.launch_args({}, str(own))


def test_system_chromium_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv("READER_CHROMIUM", raising=False)
    monkeypatch.setattr(
        plugin.shutil, "which", lambda name: "/usr/bin/chromium" if name == "chromium" else None
    )
    args = plugin.launch_args({"headless": True}, str(tmp_path / "missing"))
    assert args["executable_path"] == "/usr/bin/chromium"
    assert "--no-sandbox" in args["args"] and args["headless"] is True

"""The wheel carries templates, static files, translations and migrations: install it and serve.

Builds the wheel, installs it with its dependencies in a new virtual environment, and from a
folder outside the checkout applies the schema, loads the demo and renders it with the test client.
"""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = r"""
import json, sys
import reader
from reader import create_app

app = create_app()
client = app.test_client()
index = client.get("/", headers={"Accept-Language": "vi"})
slug = index.text.split('href="/articles/', 1)[1].split('"', 1)[0]
page = client.get("/articles/" + slug, headers={"Accept-Language": "vi"})
import lxml.html
doc = lxml.html.document_fromstring(page.text)
assets = {}
for url in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
    response = client.get(url)
    assets[url] = [response.status_code, response.mimetype, len(response.data)]
print(json.dumps({
    "reader_file": reader.__file__,
    "index": index.status_code,
    "article": page.status_code,
    "skip_link": doc.xpath("//a[@href='#main']")[0].text_content(),
    "h1": doc.xpath("//h1")[0].text_content(),
    "assets": assets,
}))
"""


def run(args, cwd, env, timeout=300):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def clean_env() -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL_TEST")
        and not k.startswith("READER_")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel, built once, installed with its `testing` extra in a new virtual environment."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    env = clean_env()
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        cwd=tmp_path,
        env=env,
    )
    (wheel,) = dist.glob("reader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "reader/templates/reader/article.html",
        "reader/static/reader/reader.css",
        "reader/translations/vi/LC_MESSAGES/messages.mo",
        "reader/migrations/env.py",
        "reader/demo/backan-portal-article.txt",
        "reader/testing/vendor/axe.min.js",
        "reader/testing/portal/page.html",
    ):
        assert expected in names
    scripts = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "reader" / "testing" / "js").glob("*.js")
    )
    assert scripts and set(scripts) <= set(names)  # the QA kit's browser-side JavaScript

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path, env=env)
    run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[testing]"],
        cwd=tmp_path,
        env=env,
    )
    return venv


def test_installed_wheel_serves_the_article_page_with_its_assets(installed, tmp_path):
    venv, env = installed, clean_env()
    site = tmp_path / "site"  # not the checkout: nothing can come from there
    site.mkdir()
    env.update(
        DATABASE_URL=f"sqlite:///{site}/reader.sqlite",
        SECRET_KEY="wheel-test",
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )
    flask = [str(venv / "bin" / "flask"), "--app", "reader"]
    run([*flask, "db", "upgrade"], cwd=site, env=env)
    assert "Loaded the demo article" in run([*flask, "load-demo"], cwd=site, env=env)

    report = json.loads(run([str(venv / "bin" / "python"), "-c", CHECK], cwd=site, env=env))
    assert Path(report["reader_file"]).is_relative_to(venv)
    assert report["index"] == 200 and report["article"] == 200
    assert report["skip_link"] == "Bỏ qua để đến nội dung"  # the compiled catalog is in the wheel
    assert report["h1"].startswith("Đẩy mạnh công tác tuyên truyền")
    # Fingerprinted by WhiteNoise's build into the installed app's instance folder.
    css = re.compile(r"/static/reader/reader\.[0-9a-f]{12}\.css")
    assert any(css.fullmatch(url) for url in report["assets"])
    for url, (status, mimetype, size) in report["assets"].items():
        assert status == 200 and size > 0, url
        assert mimetype in ("text/css", "text/javascript", "application/javascript"), url


PORTAL_CONFTEST = """
import pytest
from reader.testing.site import live_site


@pytest.fixture(scope="module")
def portal_article_url(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("portal")) as (site, _app):
        yield site.url("host")
"""


def test_the_qa_plugin_from_the_wheel_runs_a_portal_qa_test(installed, tmp_path):
    """A portal's QA suite: only the installed package and its pytest plugin, no checkout."""
    suite = tmp_path / "portal-qa"
    suite.mkdir()
    (suite / "conftest.py").write_text(PORTAL_CONFTEST)
    sample = ROOT / "tests" / "browser" / "qa" / "test_portal_qa.py"
    (suite / "test_portal_qa.py").write_text(sample.read_text(encoding="utf-8"))
    output = run(
        [
            str(installed / "bin" / "pytest"),
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error",
            "test_portal_qa.py",
        ],
        cwd=suite,
        env=clean_env(),
    )
    assert "1 passed" in output

"""`flask --app reader import`: bad files get a message naming them, the others still import."""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reader.db import session
from reader.models import Article, Figure

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "backan-portal-article.txt"
SEED_TITLE = "Đẩy mạnh công tác tuyên truyền Đại hội Đảng các cấp, tạo sự đồng thuận trong xã hội"
VIETNAMESE_PAGE = (
    '<html lang="vi"><head>{meta}<title>t</title></head><body><article>'
    "<h1>Tiếng Việt có dấu: Đường Trường Chinh</h1>"
    "<p>Người dân phấn khởi đón Tết.</p></article></body></html>"
)
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: precomposed vowels where the code page has them, tone marks
    as combining characters (as Windows writes it)."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in marks if m in TONE_MARKS)
        rest = "".join(m for m in marks if m not in TONE_MARKS)
        out += (unicodedata.normalize("NFC", base + rest) + tones).encode("cp1258")
    return out


def titles(app) -> list[str]:
    with app.app_context():
        return list(session().scalars(select(Article.title).order_by(Article.id)))


def invoke(runner, *paths):
    result = runner.invoke(args=["import", *map(str, paths)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


BAD_FILES = [
    ("empty.txt", b"", "the file is empty (0 bytes)"),
    ("blank.txt", b"  \n\t \r\n  ", "the file holds only white space"),
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "a PNG image"),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    ("nul.txt", "Tin tức\n\nđoạn".encode() + b"\x00\x00\x01", "binary, not text (it holds NUL"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 4, "control characters"),
    (
        "cp1258.txt",
        cp1258("Đẩy mạnh công tác tuyên truyền\n\nNgười dân"),
        "not valid text in UTF-8 (declare the charset",
    ),
    (
        "latin1.html",
        "<h1>Café crème</h1><p>Déjà vu</p>".encode("latin-1"),
        "byte 0xE9 at offset 7 cannot be decoded",
    ),
    (
        "lie.html",
        b'<meta charset="utf-8"><h1>' + cp1258("Tiếng Việt") + b"</h1>",
        "not valid text in its declared charset utf-8",
    ),
    (
        "unknown.html",
        b'<meta charset="klingon-8"><h1>x</h1><p>y</p>',
        "declares an unknown charset 'klingon-8'",
    ),
    ("codec.html", b'<meta charset="rot13"><h1>x</h1><p>y</p>', "not a text charset"),
    ("invalid.json", b'{"title": "x",}', "not valid JSON: Expecting property name"),
    ("types.json", b'{"title": 5}', "title must be a string, not a number"),
    ("figures.json", b'{"title": "x", "figures": "anh.jpg"}', "figures must be a list"),
    ("figure.json", b'{"title": "x", "figures": [{"position": -1}]}', "position must be"),
    ("unknown.json", b'{"title": "x", "headline": "y"}', "unknown field(s) headline"),
    ("null.json", b"null", "expected an object with the article's fields, not null"),
    ("list.json", b"[]", "the JSON list holds no article"),
    ("date.json", b'{"title": "x", "published_on": "23/10/2020"}', "is not a date like"),
    ("language.json", b'{"title": "x", "language": "Vietnamese!"}', "not a BCP 47 tag"),
    (
        "source.json",
        b'{"title": "x", "source_url": "javascript:alert(1)"}',
        "source_url must be an http or https address",
    ),
    (
        "image.json",
        b'{"title": "x", "figures": [{"image_url": "data:image/png;base64,AA"}]}',
        "a figure's image must be an http, https or relative address",
    ),
    ("untitled.json", b'{"title": "   ", "body": "<p>x</p>"}', "the article has no title"),
    ("deep.json", b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    (
        "second.json",
        '[{"title": "Bài một"}, {"title": 2}]'.encode(),
        "article 2: title must be a string",
    ),
    ("title-only.txt", "Chỉ một dòng tiêu đề\n".encode(), "no article text found after the title"),
    (
        "hollow.html",
        "<html><head><title>Chỉ tiêu đề</title></head><body></body></html>".encode(),
        "no article text found",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "reason"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES]
)
def test_a_bad_file_is_named_with_its_reason_and_the_others_still_import(
    app, runner, tmp_path, name, content, reason
):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = invoke(runner, bad, SEED)
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith(f"error: {bad}: ")]
    assert reason in line
    assert "1 added, 0 updated, 1 refused." in result.stderr
    assert f"added: {SEED} -> /articles/" in result.stdout
    assert titles(app) == [SEED_TITLE]  # nothing at all from the bad file


def test_missing_file_and_folders(app, runner, tmp_path):
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    (empty_folder / "notes.md").write_text("# not an article")
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "page.html").write_bytes((FIXTURES / "news-page-en.html").read_bytes())
    result = invoke(runner, tmp_path / "missing.txt", empty_folder, folder)
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'missing.txt'}: no such file" in result.stderr
    assert (
        f"error: {empty_folder}: the folder holds no .txt, .html, .htm or .json file"
        in result.stderr
    )
    assert sorted(titles(app)) == sorted([SEED_TITLE, "Mountain bridge opens to traffic"])
    assert "2 added, 0 updated, 2 refused." in result.stderr


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1258">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    ],
)
def test_declared_windows_1258_imports(app, runner, tmp_path, meta):
    page = tmp_path / "cp1258.html"
    page.write_bytes(cp1258(VIETNAMESE_PAGE.format(meta=meta)))
    result = invoke(runner, page)
    assert result.exit_code == 0, result.output
    assert titles(app) == ["Tiếng Việt có dấu: Đường Trường Chinh"]  # composed letters (NFC)
    with app.app_context():
        body = session().scalars(select(Article.body_html)).one()
    assert body == "<p>Người dân phấn khởi đón Tết.</p>"


def test_declared_latin_1_imports(app, runner, tmp_path):
    page = tmp_path / "latin1.htm"
    page.write_bytes(
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<html lang="fr"><body>'
        "<h1>Café crème</h1><p>Déjà vu.</p></body></html>".encode("latin-1")
    )
    assert invoke(runner, page).exit_code == 0
    assert titles(app) == ["Café crème"]


def json_of_size(size: int) -> bytes:
    article = json.dumps({"title": "Đúng giới hạn", "body": "<p>x</p>"}).encode()
    return article + b" " * (size - len(article))


def test_size_limit_is_inclusive_and_configurable(app, runner, tmp_path):
    app.config["READER_MAX_IMPORT_BYTES"] = 1000
    at_limit, over = tmp_path / "at.json", tmp_path / "over.json"
    at_limit.write_bytes(json_of_size(1000))
    over.write_bytes(json_of_size(1001))
    result = invoke(runner, at_limit, over)
    assert result.exit_code == 1
    assert f"added: {at_limit}" in result.stdout
    assert (
        f"error: {over}: the file is 1,001 bytes, over the limit of 1,000 bytes "
        "(READER_MAX_IMPORT_BYTES)"
    ) in result.stderr
    assert titles(app) == ["Đúng giới hạn"]


def test_default_size_limit_is_two_megabytes(app, runner, tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(json_of_size(2_000_001))
    result = invoke(runner, big)
    assert "over the limit of 2,000,000 bytes" in result.stderr
    assert titles(app) == []


def test_a_nonsense_size_limit_is_a_usage_error(app, runner):
    app.config["READER_MAX_IMPORT_BYTES"] = "2MB"
    result = invoke(runner, SEED)
    assert result.exit_code == 2
    assert "READER_MAX_IMPORT_BYTES must be a whole number of bytes" in result.stderr
    assert titles(app) == []


def test_importing_again_reports_an_update(app, runner):
    assert "added:" in invoke(runner, SEED).stdout
    result = invoke(runner, SEED)
    assert result.exit_code == 0
    assert f"updated: {SEED} -> /articles/" in result.stdout
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(Article)) == 1
        assert session().scalar(select(func.count()).select_from(Figure)) == 4


def test_control_characters_never_reach_the_database(app, runner, tmp_path):
    source = tmp_path / "nul.json"
    source.write_text(
        json.dumps(
            {"title": "Tin\u0000 mới\u0007", "lead": "Tóm\u0000tắt", "body": "<p>a\u0000b</p>"}
        ),
        encoding="utf-8",
    )
    assert invoke(runner, source).exit_code == 0
    with app.app_context():
        article = session().scalars(select(Article)).one()
        assert (article.title, article.lead, article.body_html) == (
            "Tin mới",
            "Tómtắt",
            "<p>ab</p>",
        )


def test_an_internal_error_is_still_a_message(app, runner, tmp_path, monkeypatch):
    from reader.importers import extract

    def broken(text, url=None):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(extract, "extract_text", broken)
    page = tmp_path / "page.html"
    page.write_bytes((FIXTURES / "news-page-en.html").read_bytes())
    result = invoke(runner, page, SEED)
    assert result.exit_code == 1
    assert (
        f"error: {page}: could not be imported because of an internal error "
        "(RuntimeError: parser exploded)" in result.stderr
    )
    assert titles(app) == [SEED_TITLE]


def test_real_command_line(app, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "READER_MAX_IMPORT_BYTES": "2000000",
    }
    process = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "reader", "import", str(empty), str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert process.returncode == 1, process.stderr
    assert f"error: {empty}: the file is empty (0 bytes)" in process.stderr
    assert "Traceback" not in process.stderr
    assert f"added: {SEED} -> /articles/" in process.stdout
    assert titles(app) == [SEED_TITLE]

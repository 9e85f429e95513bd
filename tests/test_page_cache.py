"""Rendered pages are reused per version, language and variant, and an import renews them."""

import json

from flask import template_rendered

from reader.cli import import_file
from reader.page_cache import PageCache
from tests.conftest import SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"


def renders(app):
    seen = []
    template_rendered.connect(
        lambda sender, template, context, **extra: seen.append(template.name), app, weak=False
    )
    return seen


def test_a_page_is_rendered_once_per_version_language_and_variant(seeded_app):
    seen = renders(seeded_app)
    client = seeded_app.test_client()
    first = client.get(ARTICLE, headers={"Accept-Language": "vi"})
    assert seen == ["reader/article.html"]
    for _ in range(3):
        again = seeded_app.test_client().get(ARTICLE, headers={"Accept-Language": "vi"})
        assert (
            again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
        )
    assert seen == ["reader/article.html"]
    client.get(ARTICLE, headers={"Accept-Language": "en"})
    client.set_cookie("reader_variant", "s150")
    client.get(ARTICLE, headers={"Accept-Language": "en"})
    client.get(f"{ARTICLE}/print")
    client.get("/")
    assert seen == ["reader/article.html"] * 3 + ["reader/print.html", "reader/index.html"]


def test_an_import_shows_once_the_version_is_asked_again(seeded_app, tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("reader.page_cache.time.monotonic", lambda: clock[0])
    source = tmp_path / "article.json"

    def import_version(title):
        article = {
            "title": title,
            "language": "vi",
            "slug": "ban-tin",
            "source_url": "https://portal.example/ban-tin",
            "body_html": "<p>Nội dung của bản tin, đủ dài để là một bài.</p>",
        }
        source.write_text(json.dumps(article), encoding="utf-8")
        with seeded_app.app_context():
            import_file(source)

    import_version("Bản tin đầu tiên")
    client = seeded_app.test_client()
    assert "Bản tin đầu tiên" in client.get("/articles/ban-tin").text
    assert "Bản tin đầu tiên" in client.get("/").text
    import_version("Bản sửa của bản tin")  # the same source URL: the same article, updated
    clock[0] += 0.5  # within READER_PAGE_VERSION_SECONDS: this process still trusts its version
    assert "Bản tin đầu tiên" in client.get("/articles/ban-tin").text
    clock[0] += 0.6
    assert "Bản sửa của bản tin" in client.get("/articles/ban-tin").text
    assert "Bản sửa của bản tin" in client.get("/").text


def test_the_cache_keeps_within_its_bytes_and_drops_the_least_recently_used():
    cache = PageCache(max_bytes=10)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a").body == b"1234"  # now the most recently used
    cache.put("c", b"1234")
    assert cache.get("b") is None and cache.get("a") and cache.get("c")
    assert cache.size == 8
    big = cache.put("d", b"x" * 11)
    assert big.body == b"x" * 11 and cache.get("d") is None  # answered, not kept
    cache.put("a", b"12")
    assert cache.size == 6
    off = PageCache(max_bytes=0)
    off.put("a", b"1")
    assert off.get("a") is None

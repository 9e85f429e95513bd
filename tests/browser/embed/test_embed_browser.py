"""The script and iframe embeds on a portal that is another site, with its own CSP and htmx 2."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SEED_SLUG

LARGER, SMALLER, DEFAULT = "Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định"
ARTICLE_TEXT = "#article-body p"
OUTSIDE = [
    ".site-header",
    ".site-header a",
    ".title",
    ".sidebar",
    ".sidebar p",
    ".sidebar h2",
    ".sidebar button",
    ".site-footer",
    "body",
    "html",
]
STYLE_PROPERTIES = [
    "font-size",
    "line-height",
    "font-family",
    "color",
    "background-color",
    "margin-top",
    "padding-left",
    "width",
    "display",
]

COMPUTED = """([selectors, properties]) => Object.fromEntries(selectors.map(s => {
    const cs = getComputedStyle(document.querySelector(s));
    return [s, Object.fromEntries(properties.map(p => [p, cs.getPropertyValue(p)]))];
}))"""


def text_size(page, selector=ARTICLE_TEXT):
    """Computed font-size and line-height of the first element matched, in px."""
    return page.eval_on_selector(
        selector,
        """el => {
        const cs = getComputedStyle(el);
        return [parseFloat(cs.fontSize), parseFloat(cs.lineHeight)];
    }""",
    )


def status(page):
    return page.locator("[data-reader-toolbar]").get_by_role("status")


def open_news(page, sites, number=1, origin="portal"):
    page.goto(f"{sites[origin]}/news/{number}")
    if origin == "portal":
        expect(page.get_by_role("button", name=LARGER)).to_be_visible()


def test_toolbar_resizes_the_hosts_px_text_and_nothing_else(sites, site_page):
    page = site_page
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    open_news(page, sites)
    expect(status(page)).to_have_text("Cỡ chữ 100%")
    toolbar = page.get_by_role("group", name="Công cụ đọc")
    for name in (SMALLER, LARGER, DEFAULT, "In"):
        expect(toolbar.get_by_role("button", name=name)).to_be_visible()
    expect(page.get_by_role("button", name=DEFAULT)).to_have_attribute("aria-disabled", "true")
    body, heading = text_size(page), text_size(page, "#article-body h2")  # h2 is !important
    outside = page.evaluate(COMPUTED, [OUTSIDE, STYLE_PROPERTIES])
    assert body == [15, 22] and heading == [20, 26]

    larger = page.get_by_role("button", name=LARGER)
    larger.click()
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    expect(larger).to_be_focused()
    assert text_size(page) == pytest.approx([15 * 1.1, 22 * 1.1], abs=0.02)
    assert text_size(page, "#article-body h2") == pytest.approx([22, 26 * 1.1], abs=0.02)
    larger.click()
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    assert text_size(page) == pytest.approx([18, 26.4], abs=0.02)
    assert text_size(page, "#article-body figcaption")[0] == pytest.approx(12 * 1.2, abs=0.02)
    # Nothing outside the article changed, and no style attribute appeared outside it.
    assert page.evaluate(COMPUTED, [OUTSIDE, STYLE_PROPERTIES]) == outside
    assert (
        page.evaluate("""() => [...document.querySelectorAll('[style]')]
        .filter(el => !document.querySelector('#article-body').contains(el)).length""")
        == 0
    )
    # No horizontal scrolling at 320 CSS px, at the largest size.
    page.set_viewport_size({"width": 320, "height": 640})
    for _ in range(8):
        if larger.get_attribute("aria-disabled") == "true":
            break
        larger.click()
    expect(status(page)).to_have_text(re.compile("300%"))
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert text_size(page) == pytest.approx([45, 66], abs=0.02)
    # Reset restores the host's own sizes exactly.
    page.get_by_role("button", name=DEFAULT).click()
    expect(status(page)).to_have_text("Cỡ chữ 100%")
    assert text_size(page) == [15, 22]
    assert page.evaluate("document.querySelectorAll('#article-body [style]').length") == 0
    assert page.evaluate("Object.keys(window).filter(k => /reader/i.test(k))") == ["ReaderEmbed"]
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_hosts_htmx_still_works_and_new_article_text_is_sized(sites, site_page):
    page = site_page
    open_news(page, sites)
    page.get_by_role("button", name=LARGER).click()
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    page.get_by_role("button", name="Xem thêm tin").click()
    expect(page.locator("#related .related-item")).to_have_text("Tin mới từ htmx của cổng")
    assert text_size(page, ".sidebar p") == [13, 18]  # outside the target: untouched
    page.get_by_role("button", name="Thêm đoạn vào bài").click()
    expect(page.locator(".late-paragraph")).to_be_visible()
    page.wait_for_function("""() => parseFloat(getComputedStyle(
        document.querySelector('.late-paragraph')).fontSize) > 16""")
    assert text_size(page, ".late-paragraph") == pytest.approx([16.5, 24.2], abs=0.02)


def test_keyboard_alone_reaches_and_operates_the_toolbar(sites, site_page):
    page = site_page
    open_news(page, sites)
    focused = """() => { let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return el ? el.textContent.trim() : ''; }"""
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate(focused).endswith(LARGER):
            break
    assert page.evaluate(focused).endswith(LARGER)
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    page.keyboard.press("Space")
    expect(status(page)).to_have_text("Cỡ chữ 120%")


def test_size_persists_across_pages_and_reloads_with_third_party_cookies_blocked(
    sites, site_context
):
    page = site_context.new_page()
    open_news(page, sites, 1)
    # The browser really blocks third-party cookies: a plain SameSite=None cookie set by the
    # reader in a cross-site fetch is dropped (the same cookie is kept first-party).
    page.evaluate("u => fetch(u + '/probe-cookie', {credentials: 'include'})", sites["reader"])
    assert "probe" not in [c["name"] for c in site_context.cookies()]

    page.get_by_role("button", name=LARGER).click()
    page.get_by_role("button", name=LARGER).click()
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    # The toolbar shows a change at once and stores it in the background: leave the page only
    # once the reader has answered both (the second is sent after the first answer), or the
    # next page may ask for the size before the second change is stored.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').filter("
        "e => e.initiatorType === 'fetch' && e.name.includes('/embed/text-size')"
        ").length === 2"
    )
    page.wait_for_function(
        "k => localStorage.getItem(k) && JSON.parse(localStorage.getItem(k)).scale === 120",
        arg=f"reader-embed@{sites['reader']}",
    )

    open_news(page, sites, 2)
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    assert text_size(page) == pytest.approx([18, 26.4], abs=0.02)
    page.reload()
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    assert text_size(page) == pytest.approx([18, 26.4], abs=0.02)

    # Either store alone brings the size back: first the host's localStorage without cookies...
    cookies = site_context.cookies()
    embed_cookie = [c for c in cookies if c["name"] == "reader_embed_id"]
    assert embed_cookie and embed_cookie[0]["partitionKey"] == "https://portal.test"
    site_context.clear_cookies()
    open_news(page, sites, 1)
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    # ...then the partitioned cookie without localStorage.
    site_context.add_cookies(embed_cookie)
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    # Another site embedding the same reader does not see this reader's size.
    assert "reader-embed" not in json.dumps(page.evaluate("Object.keys(sessionStorage)"))


def test_axe_finds_no_violations_on_the_host_page(sites, site_page):
    page = site_page
    open_news(page, sites)
    page.add_script_tag(url=f"{sites['portal']}/axe.min.js")  # 'self' in the portal's CSP
    for step in ("default", "share menu open", "options open, dark", "largest"):
        if step == "share menu open":
            page.locator("[data-reader-toolbar] details.share > summary").click()
            expect(page.get_by_role("button", name="Sao chép liên kết")).to_be_visible()
        if step == "options open, dark":
            page.locator("[data-reader-toolbar] details.options > summary").click()
            page.get_by_role("button", name="Tối", exact=True).click()
            expect(status(page)).to_have_text("Màu sắc: Tối")
        if step == "largest":
            larger = page.get_by_role("button", name=LARGER)
            while larger.get_attribute("aria-disabled") != "true":
                said = status(page).inner_text()
                larger.click()
                expect(status(page)).not_to_have_text(said)
            expect(status(page)).to_have_text("Cỡ chữ 300% (lớn nhất)")
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == [], (
            step
        )


def test_unregistered_origin_gets_no_toolbar_and_a_console_message(sites, site_page):
    page = site_page
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    with page.expect_console_message(lambda m: "Reader toolbar:" in m.text):
        open_news(page, sites, origin="evil")
    assert any(
        "https://evil.test" in m and "not registered" in m and "portal add" in m for m in messages
    )
    assert page.evaluate("document.querySelector('[data-reader-toolbar]').shadowRoot") is None
    assert text_size(page) == [15, 22]
    expect(page.get_by_role("button", name=LARGER)).to_have_count(0)


def test_without_javascript_the_placeholder_stays_empty(sites, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{sites['portal']}/news/1")
    expect(page.locator("[data-reader-toolbar]")).to_be_empty()
    expect(page.get_by_role("button", name=LARGER)).to_have_count(0)
    assert text_size(page) == [15, 22]


def wait_until_the_frame_fits(page):
    """The frame's height arrives by postMessage, in steps: wait, inside the frame, until its
    viewport (the iframe's height: no border) is as tall as its content."""
    page.frames[1].wait_for_function(
        "() => Math.ceil(document.documentElement.getBoundingClientRect().height) === innerHeight"
    )


def frame_height(page):
    return page.eval_on_selector(
        "iframe[data-reader-frame]", "f => f.getBoundingClientRect().height"
    )


def test_iframe_embed_resizes_to_its_content(sites, site_page):
    page = site_page
    page.goto(f"{sites['portal']}/framed/{SEED_SLUG}")
    frame = page.frame_locator("iframe[data-reader-frame]")
    expect(frame.get_by_role("heading", level=1)).to_be_visible()
    content = page.frames[1]

    def content_height():
        return content.evaluate(
            "Math.ceil(document.documentElement.getBoundingClientRect().height)"
        )

    page.wait_for_function("() => document.querySelector('iframe').offsetHeight > 200")
    wait_until_the_frame_fits(page)
    assert frame_height(page) == content_height()
    # A message from anyone but the reader (here the portal itself) is ignored. Listeners run
    # in the order they were added, so once ours has it, embed-host.js has had it too.
    before = frame_height(page)
    page.evaluate("""() => new Promise(delivered => {
        addEventListener('message', e => { if (e.data && e.data.height === 5) delivered(); });
        postMessage({type: 'reader:height', height: 5}, '*');
    })""")
    assert frame_height(page) == before
    # The content grows (a larger text size): the frame follows.
    frame.get_by_role("button", name=LARGER).click()
    expect(frame.locator("[data-reader-scale]")).to_have_attribute("data-reader-scale", "110")
    content = page.frames[1]
    content.evaluate(
        "document.querySelector('main').append(Object.assign("
        "document.createElement('div'), {className: 'x'}), "
        "...Array.from({length: 20}, () => document.createElement('p')))"
    )
    content.evaluate("document.querySelectorAll('main > p').forEach(p => p.textContent = 'x')")
    page.wait_for_function(f"() => document.querySelector('iframe').offsetHeight > {before}")
    wait_until_the_frame_fits(page)
    assert frame_height(page) == content_height()


def test_iframe_embed_is_refused_by_an_unregistered_framer(sites, site_page):
    page = site_page
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as message:
        page.goto(f"{sites['evil']}/framed/{SEED_SLUG}")
    assert sites["reader"] in message.value.text and "https://portal.test" in message.value.text
    # page.goto waited for the page's load event, which waits for the frame's own: what the
    # frame shows now is final, and had it been allowed, it would be the article.
    assert page.evaluate("document.readyState") == "complete"
    assert not page.frames[1].url.startswith(sites["reader"]), page.frames[1].url
    expect(page.frame_locator("iframe[data-reader-frame]").get_by_role("heading")).to_have_count(0)


def test_the_reading_choices_apply_to_the_target_only_and_are_kept(sites, site_page):
    page = site_page
    open_news(page, sites)
    outside = page.evaluate(COMPUTED, [OUTSIDE, STYLE_PROPERTIES])
    target = page.locator("#article-body")
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.locator("[data-reader-toolbar] details.options > summary").click()
    for name, said, attribute, value in (
        ("2,0", "Giãn dòng: 2,0", "data-reader-line-height", "20"),
        ("Rộng hơn", "Khoảng cách chữ và từ: Rộng hơn", "data-reader-spacing", "w"),
        ("Tối", "Màu sắc: Tối", "data-reader-theme", "d"),
        ("Dễ đọc", "Phông chữ: Dễ đọc", "data-reader-font", "l"),
    ):
        button = page.get_by_role("button", name=name, exact=True)
        button.click()
        expect(status(page)).to_have_text(said)
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(target).to_have_attribute(attribute, value)
    size, height = text_size(page)
    assert height == pytest.approx(2 * size, abs=0.05)
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(22, 22, 22)"
    spacing = page.eval_on_selector(ARTICLE_TEXT, "el => getComputedStyle(el).letterSpacing")
    assert float(spacing.removesuffix("px")) == pytest.approx(0.12 * size, abs=0.05)
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('1em \"Be Vietnam Pro\"', 'Việt'))"
    )
    assert fonts, "the easy-to-read font was not loaded from the reader host"
    # The portal outside the article is untouched.
    assert page.evaluate(COMPUTED, [OUTSIDE, STYLE_PROPERTIES]) == outside
    # Kept: the next page of the portal starts with them.
    open_news(page, sites, 2)
    expect(page.locator("#article-body")).to_have_attribute("data-reader-theme", "d")
    page.locator("[data-reader-toolbar] details.options > summary").click()
    page.get_by_role("button", name="Đặt lại mọi tùy chọn đọc").click()
    expect(status(page)).to_have_text("Mọi tùy chọn đọc đã về mặc định.")
    for attribute in ("data-reader-theme", "data-reader-line-height", "data-reader-font"):
        expect(page.locator("#article-body")).not_to_have_attribute(attribute, re.compile("."))


def test_an_expired_token_is_renewed_without_the_reader_noticing(sites, site_page, monkeypatch):
    """The embed token expires (READER_EMBED_TOKEN_MAX_AGE): embed.js fetches a new one and
    sends the change again; the reader sees only the new size."""
    import itsdangerous.timed

    page = site_page
    open_news(page, sites, 1)
    # Two hours pass: the token the page holds has expired (the server's clock moves on).
    later = sites["app"].config["READER_EMBED_TOKEN_MAX_AGE"] + 60
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: real(self) + later
    )
    sites["app"].extensions["reader.fast_pages"].clear()  # its second in memory has passed too
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.get_by_role("button", name=LARGER).click()
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    # The refused POST, the toolbar's JSON for a new token, the POST again: then it is stored.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').filter("
        "e => e.initiatorType === 'fetch' && e.name.includes('/embed/text-size')).length === 2"
    )
    page.wait_for_function(
        "k => localStorage.getItem(k) && JSON.parse(localStorage.getItem(k)).scale === 110",
        arg=f"reader-embed@{sites['reader']}",
    )
    toolbar_fetches = page.evaluate(
        "() => performance.getEntriesByType('resource').filter("
        "e => e.name.includes('/embed/toolbar')).length"
    )
    assert toolbar_fetches == 2
    expect(status(page)).to_have_text("Cỡ chữ 110%")  # no error was shown
    open_news(page, sites, 2)
    expect(status(page)).to_have_text("Cỡ chữ 110%")  # and the server stored it
    assert not [m for m in messages if "out of date" in m or "cũ" in m]

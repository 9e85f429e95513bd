"""The reading toolbar in Chromium, on the seed article: sizes, persistence, print, share, axe."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reader.testing import assert_accessible
from tests.browser.conftest import (
    SCALE_STEPS,
    SECOND_SLUG,
    body_font_size,
    remember_scale,
    scale_of,
)

DEFAULT_PX = 16  # Chromium's default font size: 100% of the reader's own default


# Every size button sends an action the server does not know: a refused change, in the browser.
UNKNOWN_ACTION_JS = """() => {
    for (const b of document.querySelectorAll('#reader-toolbar-size button')) b.value = 'bogus';
}"""


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def share_menu(page):
    """The share menu's <summary> (Playwright gives <summary> no role to find it by), in the
    Options panel, which this opens first."""
    open_options(page)
    return page.locator("summary").filter(has_text="Chia sẻ")


def options(page):
    return page.locator("#reader-toolbar-options > summary")


def open_options(page):
    if page.locator("#reader-toolbar-options[open]").count() == 0:
        options(page).click()
        expect(page.locator("#reader-toolbar-options[open]")).to_have_count(1)


def status(page):
    return page.get_by_role("status")


def size_label(scale):
    return f"Cỡ chữ {scale}%" + (
        " (lớn nhất)" if scale == 300 else " (nhỏ nhất)" if scale == 75 else ""
    )


def test_each_click_changes_the_text_by_one_step_and_keeps_focus(page, article_url):
    page.goto(article_url)
    assert body_font_size(page) == DEFAULT_PX
    larger, smaller, reset = (
        button(page, n) for n in ("Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định")
    )
    open_options(page)
    expect(reset).to_have_attribute("aria-disabled", "true")
    walk = [("Tăng cỡ chữ", s) for s in SCALE_STEPS[SCALE_STEPS.index(100) + 1 :]]
    walk += [("Giảm cỡ chữ", s) for s in reversed(SCALE_STEPS[:-1])]
    previous = 100
    for name, scale in walk:
        pressed = button(page, name)
        pressed.click()
        expect(status(page)).to_have_text(size_label(scale))
        expect(pressed).to_be_focused()
        assert body_font_size(page) == pytest.approx(DEFAULT_PX * scale / 100, abs=0.05)
        assert body_font_size(page) / (DEFAULT_PX * previous / 100) == pytest.approx(
            scale / previous, rel=0.01
        )
        # The caption and the heading follow the text.
        caption = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('figcaption')).fontSize)"
        )
        assert caption == pytest.approx(0.9 * DEFAULT_PX * scale / 100, abs=0.05)
        previous = scale
        if scale == 300:
            expect(larger).to_have_attribute("aria-disabled", "true")
            expect(smaller).not_to_have_attribute("aria-disabled", "true")
    expect(smaller).to_have_attribute("aria-disabled", "true")
    reset.click()
    expect(status(page)).to_have_text("Cỡ chữ 100%")
    expect(reset).to_be_focused()
    expect(reset).to_have_attribute("aria-disabled", "true")
    assert body_font_size(page) == DEFAULT_PX


def test_a_button_at_an_end_keeps_focus_and_says_the_size_again(page, reader_server, article_url):
    remember_scale(page.context, reader_server, 300)
    page.goto(article_url)
    requests = []
    page.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    larger = button(page, "Tăng cỡ chữ")
    expect(larger).to_have_attribute("aria-disabled", "true")
    larger.focus()
    # Emptied, then the same words again: re-announced. The empty moment is brief (toolbar.js
    # refills it after 100 ms), too brief to poll for on a busy machine: record every change.
    page.evaluate("""() => {
        const region = document.querySelector('#reader-toolbar [role=status]');
        window.statusTexts = [];
        new MutationObserver(() => window.statusTexts.push(region.textContent))
            .observe(region, {childList: true, characterData: true, subtree: true});
    }""")
    page.keyboard.press("Enter")
    said = "Cỡ chữ 300% (lớn nhất)"
    page.wait_for_function("said => window.statusTexts.includes(said)", arg=said)
    assert page.evaluate("window.statusTexts") == ["", said]
    expect(status(page)).to_have_text(said)
    expect(larger).to_be_focused()
    assert requests == [] and scale_of(page) == 300


def test_the_size_survives_reload_other_articles_and_the_same_cookie(
    page, browser, reader_server, article_url
):
    page.goto(article_url)
    button(page, "Tăng cỡ chữ").click()
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    button(page, "Tăng cỡ chữ").click()
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    page.reload()
    assert scale_of(page) == 120 and body_font_size(page) == pytest.approx(19.2)
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    page.goto(f"{reader_server.url}/articles/{SECOND_SLUG}")
    assert scale_of(page) == 120 and body_font_size(page) == pytest.approx(19.2)
    same_reader = browser.new_context(storage_state=page.context.storage_state())
    other_reader = browser.new_context()
    try:
        for context, expected in ((same_reader, 120), (other_reader, 100)):
            other = context.new_page()
            other.goto(article_url)
            assert scale_of(other) == expected
            assert body_font_size(other) == pytest.approx(DEFAULT_PX * expected / 100)
    finally:
        same_reader.close()
        other_reader.close()


def test_without_javascript_every_control_works_by_form_post(browser, article_url):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(article_url)
        for name, scale in (
            ("Tăng cỡ chữ", 110),
            ("Tăng cỡ chữ", 120),
            ("Giảm cỡ chữ", 110),
            ("Cỡ chữ mặc định", 100),
            ("Giảm cỡ chữ", 85),
        ):
            if name == "Cỡ chữ mặc định":
                options(page).click()  # <details> opens without JS
            with page.expect_navigation():
                button(page, name).click()
            assert page.url == f"{article_url}#reader-toolbar"
            expect(status(page)).to_have_text(size_label(scale))
            assert body_font_size(page) == pytest.approx(DEFAULT_PX * scale / 100, abs=0.05)
        expect(button(page, "Chia sẻ")).to_be_hidden()  # the native-share button needs JS
        share_menu(page).click()  # <details> opens without JS
        expect(page.get_by_role("link", name="Facebook")).to_be_visible()
        # No "Copy link" that would reload and copy nothing: the address, ready to copy.
        expect(button(page, "Sao chép liên kết")).to_be_hidden()
        expect(page.get_by_role("textbox", name="Liên kết đến bài viết này")).to_have_value(
            article_url
        )
        page.get_by_role("link", name="In bài viết").click()
        expect(page).to_have_url(f"{article_url}/print")
        expect(page.get_by_text("Quét mã để mở bài viết")).to_be_visible()
        assert scale_of(page) == 85
    finally:
        context.close()


def test_print_hides_the_toolbar_and_shows_the_address_and_qr_code(page, article_url):
    page.goto(article_url)
    address = page.locator(".reader-print-footer__address")
    expect(address).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator("#reader-toolbar")).to_be_hidden()
    expect(page.locator(".reader-header")).to_be_hidden()
    expect(page.locator(".reader-footer")).to_be_hidden()
    expect(address).to_be_visible()
    expect(address).to_have_text(article_url)
    qr = page.locator(".reader-print__qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] > 50 and box["height"] > 50
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_the_print_button_prints_this_page(page, article_url):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(article_url)
    open_options(page)
    page.get_by_role("button", name="In bài viết").click()
    page.wait_for_function("window.printed === 1")
    assert page.url == article_url


def test_copy_link_copies_the_address_and_says_so(page, article_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(article_url)
    expect(button(page, "Chia sẻ")).to_be_hidden()  # no navigator.share in this Chromium
    share_menu(page).click()
    expect(page.get_by_role("textbox", name="Liên kết đến bài viết này")).to_be_hidden()
    button(page, "Sao chép liên kết").click()
    expect(status(page)).to_have_text("Đã sao chép liên kết.")
    assert page.evaluate("navigator.clipboard.readText()") == article_url
    assert page.url == article_url


def test_when_the_clipboard_refuses_the_link_is_selected_to_copy(page, article_url):
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('no'));"
        "document.execCommand = () => false;"
    )
    page.goto(article_url)
    share_menu(page).click()
    button(page, "Sao chép liên kết").click()
    field = page.get_by_role("textbox", name="Liên kết đến bài viết này")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    expect(field).to_have_value(article_url)
    assert page.evaluate(
        "document.getSelection().toString() || "
        "(document.activeElement.selectionEnd - "
        "document.activeElement.selectionStart)"
    )
    expect(status(page)).to_contain_text("chưa sao chép được")


def test_native_share_where_the_browser_has_it(page, article_url):
    page.add_init_script(
        "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"
    )
    page.goto(article_url)
    share = button(page, "Chia sẻ")
    open_options(page)
    expect(share).to_be_visible()
    expect(page.locator("[data-reader-share-menu]")).to_be_hidden()
    share.click()
    shared = page.wait_for_function("window.shared").json_value()
    assert shared["url"] == article_url and shared["title"].startswith("Đẩy mạnh")


def test_a_refused_change_is_announced_where_the_size_is(page, article_url):
    page.goto(article_url)
    page.evaluate(UNKNOWN_ACTION_JS)
    larger = button(page, "Tăng cỡ chữ")
    larger.click()
    expect(status(page)).to_contain_text("Thao tác cỡ chữ không hợp lệ")
    expect(larger).to_be_focused()
    assert scale_of(page) == 100


def test_too_many_changes_are_announced_where_the_size_is(page, reader_server, article_url):
    """Over the abuse limit: a 429 whose message is read out in the status region."""
    from reader.abuse import Limits

    app = reader_server.app
    saved = app.extensions["reader.limits"]
    app.extensions["reader.limits"] = Limits(
        {**app.config, "READER_RATELIMIT_WRITES_PER_ADDRESS": "1 per day"}
    )
    try:
        page.goto(article_url)
        larger = button(page, "Tăng cỡ chữ")
        larger.click()
        expect(status(page)).to_have_text(size_label(110))
        with page.expect_response("**/reader/text-size") as answer:
            larger.click()
        assert answer.value.status == 429 and answer.value.headers["retry-after"]
        expect(status(page)).to_contain_text("Có quá nhiều thay đổi")
        expect(larger).to_be_focused()
        page.reload()
        assert scale_of(page) == 110  # the refused change was not stored
    finally:
        app.extensions["reader.limits"] = saved


def test_a_form_on_another_site_cannot_change_the_size(page, reader_server, article_url):
    """A real cross-site form POST from Chromium (Sec-Fetch-Site: cross-site) is refused."""
    remember_scale(page.context, reader_server, 150)
    attack = (
        f'<!doctype html><html lang="en"><title>Elsewhere</title><form method="post" '
        f'action="{reader_server.url}/reader/text-size"><input name="action" value="reset">'
        f'<input name="next" value="/"><button>Win a prize</button></form></html>'
    )
    page.route(
        "http://elsewhere.test/", lambda route: route.fulfill(body=attack, content_type="text/html")
    )
    page.goto("http://elsewhere.test/")
    with page.expect_response("**/reader/text-size") as answer:
        page.get_by_role("button", name="Win a prize").click()
    assert answer.value.status == 403
    expect(page.get_by_text("không được gửi từ", exact=False)).to_be_visible()
    page.goto(article_url)
    assert scale_of(page) == 150


def tab_to(page, locator, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_keyboard_alone_reaches_and_operates_everything(page, article_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("window.print = () => { window.printed = true; };")
    page.goto(article_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua để đến nội dung")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    larger = button(page, "Tăng cỡ chữ")
    tab_to(page, button(page, "Giảm cỡ chữ"))
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth),"
        " parseFloat(s.outlineOffset)]; })()"
    )
    assert outline[0] == "solid" and outline[1] >= 2 and outline[2] >= 1
    page.keyboard.press("Tab")
    expect(larger).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Cỡ chữ 110%")
    expect(larger).to_be_focused()
    page.keyboard.press("Space")
    expect(status(page)).to_have_text("Cỡ chữ 120%")
    page.keyboard.press("Tab")
    expect(options(page)).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    reset = button(page, "Cỡ chữ mặc định")
    expect(reset).to_be_focused()
    page.keyboard.press("Space")
    expect(status(page)).to_have_text("Cỡ chữ 100%")
    expect(reset).to_be_focused()
    # A choice, then on through every group to print.
    page.keyboard.press("Tab")
    spacing = button(page, "1,5")
    expect(spacing).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Giãn dòng: 1,5")
    expect(spacing).to_have_attribute("aria-pressed", "true")
    tab_to(page, page.get_by_role("button", name="In bài viết"))
    page.keyboard.press("Space")  # a button with JS: Space prints too
    page.wait_for_function("window.printed === true")
    page.keyboard.press("Tab")
    summary = page.locator("[data-reader-share-menu] > summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    copy = button(page, "Sao chép liên kết")
    expect(copy).to_be_visible()
    page.keyboard.press("Tab")
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Đã sao chép liên kết.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Email")).to_be_focused()
    page.keyboard.press("Escape")
    expect(summary).to_be_focused()
    expect(copy).to_be_hidden()
    page.keyboard.press("Escape")
    expect(options(page)).to_be_focused()
    expect(reset).to_be_hidden()
    assert page.url.split("#")[0] == article_url  # operated in place; only the skip link's #main


def test_every_control_is_a_target_of_at_least_44_css_px(page, article_url):
    page.goto(article_url)
    share_menu(page).click()
    controls = page.locator("#reader-toolbar").locator("button:visible, a:visible, summary")
    assert controls.count() >= 30
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, controls.nth(i).inner_text()


@pytest.mark.parametrize("scale", [SCALE_STEPS[0], 100, SCALE_STEPS[-1]])
def test_axe_finds_nothing_at_the_smallest_default_and_largest_size(
    page, reader_server, article_url, scale
):
    if scale != 100:
        remember_scale(page.context, reader_server, scale)
    page.goto(article_url)
    assert scale_of(page) == scale
    assert_accessible(page)
    share_menu(page).click()  # and with the share menu open
    assert_accessible(page)


def test_no_horizontal_scroll_at_320_css_px_at_any_size(page, reader_server, article_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(article_url)
    for scale in SCALE_STEPS:
        remember_scale(page.context, reader_server, scale)
        for url in (article_url, article_url + "/print", reader_server.url + "/"):
            page.goto(url)
            assert scale_of(page) == scale
            if url == article_url:
                share_menu(page).click()
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], (scale, url, widths)


def test_forced_colours_keep_the_buttons_outlined(page, article_url):
    page.emulate_media(forced_colors="active")
    page.goto(article_url)
    border = button(page, "Tăng cỡ chữ").evaluate(
        "el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).borderTopWidth]"
    )
    assert border[0] == "solid" and re.match(r"[1-9]", border[1])


def test_quick_repeated_presses_never_leave_the_page_and_show_what_is_stored(page, article_url):
    page.goto(article_url)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.evaluate("window.sameDocument = true")
    larger = button(page, "Tăng cỡ chữ")
    larger.focus()
    for _ in range(3):
        page.keyboard.press("Enter")
    # Each press is queued behind the one before (hx-sync queue all) and still lands, so the
    # page settles three steps up. Waiting for a quiet network instead is a race: Playwright's
    # networkidle may have fired before the presses, and the next queued request only starts
    # once the answer before it is in.
    settled = SCALE_STEPS[SCALE_STEPS.index(100) + 3]
    expect(status(page)).to_have_text(size_label(settled))
    expect(larger).to_be_focused()
    shown = status(page).inner_text()
    assert loads == [] and page.evaluate("window.sameDocument") is True
    assert scale_of(page) == settled
    page.reload()
    expect(status(page)).to_have_text(shown)


HTMX2 = Path(__file__).resolve().parent / "embed" / "host_static" / "htmx.min.js"  # 2.0.8


@pytest.mark.skipif(not HTMX2.exists(), reason="htmx 2 is vendored by the embed tests")
def test_the_same_markup_works_under_htmx_2(page, article_url):
    page.route(  # its fingerprinted name (htmx.min.<hash>.js) as well as its own
        "**/static/reader/vendor/htmx.min*.js",
        lambda route: route.fulfill(path=str(HTMX2), content_type="text/javascript"),
    )
    page.goto(article_url)
    assert page.evaluate("htmx.version").startswith("2.")
    larger = button(page, "Tăng cỡ chữ")
    for scale in (110, 120):
        larger.click()
        expect(status(page)).to_have_text(f"Cỡ chữ {scale}%")
        expect(larger).to_be_focused()
        # htmx 2 settles the class a moment after the swap (its attributesToSettle).
        expect(page.locator("#reader-scale")).to_have_class(
            re.compile(rf"^reader-scale reader-scale--{scale} ")
        )
        assert body_font_size(page) == pytest.approx(DEFAULT_PX * scale / 100)
    page.evaluate(UNKNOWN_ACTION_JS)
    larger.click()
    expect(status(page)).to_contain_text("không hợp lệ")  # toolbar.js shows htmx 2's 400
    assert scale_of(page) == 120

"""The toolbar never moves under the pointer, fits one row on a phone, and is reachable from the
end of the article; in Chromium, on the seed article."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import remember_scale, scale_of


def status(page):
    return page.get_by_role("status")


@pytest.mark.parametrize("width", [320, 1024, 1280])
def test_ten_clicks_at_the_same_point_reach_the_largest_size(page, article_url, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 320 else 640})
    page.goto(article_url)
    larger = page.get_by_role("button", name="Tăng cỡ chữ", exact=True)
    box = larger.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    rows = page.locator(".reader-toolbar__row").bounding_box()
    for step in (110, 120, 135, 150, 175, 200, 250, 300, 300, 300):
        page.mouse.click(x, y)
        said = f"Cỡ chữ {step}%" + (" (lớn nhất)" if step == 300 else "")
        expect(status(page)).to_have_text(said)
        # Every control of the row is where it was: the next click lands on the same button.
        assert larger.bounding_box() == box
        assert page.locator(".reader-toolbar__row").bounding_box() == rows
    assert scale_of(page) == 300


@pytest.mark.parametrize(
    "lang, smaller, larger",
    [("vi", "Giảm cỡ chữ", "Tăng cỡ chữ"), ("en", "Smaller text", "Larger text")],
)
def test_on_a_phone_the_toolbar_is_one_compact_row(page, article_url, lang, smaller, larger):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{article_url}?lang={lang}")
    toolbar = page.locator("#reader-toolbar")
    box = toolbar.bounding_box()
    print(f"toolbar at 320x640 ({lang}): {box['height']:.0f} px tall")
    assert box["height"] <= 0.15 * 640, box
    controls = [
        page.get_by_role("button", name=smaller, exact=True),
        page.get_by_role("button", name=larger, exact=True),
        page.locator("#reader-toolbar-options > summary"),
    ]
    tops = {round(c.bounding_box()["y"]) for c in controls}
    assert len(tops) == 1, tops
    for control in controls:
        b = control.bounding_box()
        assert b["width"] >= 24 and b["height"] >= 24
        assert b["x"] >= 0 and b["x"] + b["width"] <= 320
    # The rest is in the disclosure, closed until asked for.
    reset = page.locator("#reader-toolbar-reset")
    expect(reset).to_be_hidden()
    page.locator("#reader-toolbar-options > summary").click()
    expect(reset).to_be_visible()


def test_the_default_size_is_never_next_to_larger_text(page, article_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(article_url)
    page.locator("#reader-toolbar-options > summary").click()
    larger = page.get_by_role("button", name="Tăng cỡ chữ", exact=True).bounding_box()
    reset = page.get_by_role("button", name="Cỡ chữ mặc định", exact=True).bounding_box()
    # Not in the same row: below the whole toolbar.
    assert reset["y"] > larger["y"] + larger["height"] + 16


def test_options_and_share_open_without_moving_any_control(page, article_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(article_url)
    summary = page.locator("#reader-toolbar-options > summary")
    before = summary.bounding_box()
    summary.click()
    assert summary.bounding_box() == before
    share = page.locator("summary").filter(has_text="Chia sẻ")
    share_box = share.bounding_box()
    share.click()
    expect(page.get_by_role("link", name="Facebook")).to_be_visible()
    assert share.bounding_box() == share_box and summary.bounding_box() == before


def test_the_end_of_the_article_leads_back_to_the_toolbar(page, reader_server, article_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(article_url)
    back = page.get_by_role("link", name="Về công cụ đọc")
    back.scroll_into_view_if_needed()
    back.click()
    expect(page).to_have_url(article_url + "#reader-toolbar")
    expect(page.get_by_role("button", name="Tăng cỡ chữ", exact=True)).to_be_in_viewport()


def test_without_javascript_the_options_open_and_a_choice_is_kept(browser, article_url):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(article_url)
    page.locator("#reader-toolbar-options > summary").click()
    page.get_by_role("button", name="Tối", exact=True).click()
    expect(page).to_have_url(article_url + "#reader-toolbar-choices")
    assert "reader-theme--d" in page.locator("#reader-scale").get_attribute("class")
    # The panel is open again (the fragment is inside it), the toolbar's row still in view.
    dark = page.get_by_role("button", name="Tối", exact=True)
    expect(dark).to_have_attribute("aria-pressed", "true")
    expect(dark).to_be_visible()
    expect(page.get_by_role("button", name="Tăng cỡ chữ", exact=True)).to_be_in_viewport()
    # Without JS the link to copy is in a read-only field, and the page never reloads for it.
    page.locator("summary").filter(has_text="Chia sẻ").click()
    field = page.get_by_role("textbox", name="Liên kết đến bài viết")
    expect(field).to_have_value(article_url)
    expect(field).to_have_attribute("readonly", "")
    context.close()


def accessible_name(page, selector):
    """Chromium's own accessible name for the element (CSS generated content included)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return tree["nodes"][0]["name"]["value"]


def test_menu_names_leave_out_their_arrows(page, article_url):
    page.goto(article_url)
    page.locator("#reader-toolbar-options > summary").click()
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('[data-reader-share-menu] > summary'),"
        " '::after').content"
    )
    assert "▾" in arrow  # drawn on screen
    assert accessible_name(page, "#reader-toolbar-options > summary") == "Tùy chọn"
    assert accessible_name(page, "[data-reader-share-menu] > summary") == "Chia sẻ"


def test_share_links_open_in_a_new_tab_and_say_so(page, article_url):
    page.context.route(
        "https://www.facebook.com/**",
        lambda route: route.fulfill(body="<title>stub</title>", content_type="text/html"),
    )
    page.goto(article_url)
    page.locator("#reader-toolbar-options > summary").click()
    page.locator("summary").filter(has_text="Chia sẻ").click()
    link = page.get_by_role("link", name="Facebook (mở trong thẻ mới)")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    with page.expect_popup() as popup:
        link.click()
    assert popup.value.evaluate("window.opener") is None
    assert page.url == article_url  # the article stays where it was


def test_a_missing_photo_leaves_its_caption_in_a_box_not_a_loose_line(page, article_url):
    page.goto(article_url)
    figure = page.locator(".reader-article__body figure").first
    assert figure.locator("img").count() == 0
    style = figure.evaluate(
        "el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).backgroundColor,"
        " getComputedStyle(el.querySelector('figcaption')).color,"
        " getComputedStyle(document.body).color]"
    )
    assert style[0] == "dashed" and style[1] != "rgba(0, 0, 0, 0)"
    assert style[2] == style[3]  # the text's own colour, not a faint grey


def test_the_print_control_is_a_button_that_space_activates(page, article_url):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(article_url)
    page.locator("#reader-toolbar-options > summary").click()
    control = page.get_by_role("button", name="In bài viết")
    control.focus()
    page.keyboard.press("Space")
    page.wait_for_function("window.printed === 1")
    page.keyboard.press("Enter")
    page.wait_for_function("window.printed === 2")
    assert page.url == article_url


def test_at_the_smallest_size_the_toolbar_is_still_one_row(page, reader_server, article_url):
    remember_scale(page.context, reader_server, 75)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(article_url)
    row = page.locator(".reader-toolbar__row").bounding_box()
    summary = page.locator("#reader-toolbar-options > summary").bounding_box()
    assert row["height"] == summary["height"]  # one line of controls

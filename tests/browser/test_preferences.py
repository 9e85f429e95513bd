"""The reading choices in Chromium: applied on the first paint, changed with htmx and announced,
every theme accessible at 100% and 300%, forced colours winning, the font loaded only when
chosen."""

import pytest
from playwright.sync_api import expect

from reader.preferences import Preferences
from reader.testing import assert_accessible
from tests.browser.conftest import remember_preferences

THEMES = {"a": "Tự động", "l": "Sáng", "s": "Giấy ngà", "d": "Tối", "c": "Tương phản cao"}
FONT_FILE = "be-vietnam-pro"


def body_style(page, prop):
    return page.evaluate(
        "p => getComputedStyle(document.querySelector('.reader-article__body p'))[p]", prop
    )


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def open_options(page):
    page.locator("#reader-toolbar-options > summary").click()
    expect(page.locator("#reader-toolbar-options[open]")).to_have_count(1)


def test_each_choice_applies_at_once_is_announced_and_kept(page, article_url):
    page.goto(article_url)
    open_options(page)
    status = page.get_by_role("status")
    assert body_style(page, "lineHeight") == f"{16 * 1.7:g}px"
    for name, said, prop, value in (
        ("2,0", "Giãn dòng: 2,0", "lineHeight", "32px"),
        ("Rộng hơn", "Khoảng cách chữ và từ: Rộng hơn", "letterSpacing", "1.92px"),
        ("Không chân", "Phông chữ: Không chân", "fontFamily", '"Noto Sans"'),
    ):
        button = page.get_by_role("button", name=name, exact=True)
        button.click()
        expect(status).to_have_text(said)
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_be_focused()
        assert body_style(page, prop).startswith(value), (name, body_style(page, prop))
    assert body_style(page, "wordSpacing") == "2.56px"  # 0.16 × 16 px
    column = page.locator("main").bounding_box()["width"]
    page.get_by_role("button", name="Hẹp", exact=True).click()
    expect(status).to_have_text("Độ rộng dòng: Hẹp")
    assert page.locator("main").bounding_box()["width"] < column
    page.get_by_role("button", name="Tối", exact=True).click()
    expect(status).to_have_text("Màu sắc: Tối")
    assert background(page) == "rgb(22, 22, 22)"
    page.reload()  # kept, and on the first paint: the server's markup carries them
    assert background(page) == "rgb(22, 22, 22)"
    assert body_style(page, "lineHeight") == "32px"
    open_options(page)
    page.get_by_role("button", name="Đặt lại mọi tùy chọn đọc").click()
    expect(status).to_have_text("Mọi tùy chọn đọc đã về mặc định.")
    assert background(page) == "rgb(255, 255, 255)"
    assert body_style(page, "lineHeight") == f"{16 * 1.7:g}px"


def test_automatic_follows_the_browser_and_a_chosen_theme_wins(page, reader_server, article_url):
    page.emulate_media(color_scheme="dark")
    page.goto(article_url)
    assert background(page) == "rgb(22, 22, 22)"
    remember_preferences(page.context, reader_server, Preferences(theme="l"))
    page.goto(article_url)
    assert background(page) == "rgb(255, 255, 255)"


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("scale", [100, 300])
def test_every_theme_passes_axe_at_100_and_300_percent(
    page, reader_server, article_url, theme, scale
):
    remember_preferences(page.context, reader_server, Preferences(scale, theme=theme))
    if theme == "a":
        page.emulate_media(color_scheme="dark")  # light is the "l" run
    page.goto(article_url)
    open_options(page)  # the panel's buttons too, pressed and not
    assert_accessible(page)


def test_forced_colours_win_over_every_theme(page, reader_server, article_url):
    page.emulate_media(forced_colors="active")
    seen = set()
    for theme in ("l", "s", "d", "c"):
        remember_preferences(page.context, reader_server, Preferences(theme=theme))
        page.goto(article_url)
        seen.add((background(page), page.evaluate("getComputedStyle(document.body).color")))
        # The choice in force still shows, as text (a tick), which forced colours keep.
        pressed = page.locator("#reader-toolbar-theme-" + theme)
        assert pressed.evaluate("el => getComputedStyle(el, '::before').content").startswith('"✓"')
    # The system's colours on every theme, none of the themes' own.
    assert len(seen) == 1, seen
    assert not {c for pair in seen for c in pair} & {"rgb(245, 237, 218)", "rgb(22, 22, 22)"}


def test_the_easy_to_read_font_loads_only_when_chosen(page, article_url):
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if FONT_FILE in r.url else None)
    page.goto(article_url)
    page.evaluate("document.fonts.ready")
    assert fonts == []
    open_options(page)
    with page.expect_request_finished(lambda r: FONT_FILE in r.url):
        page.get_by_role("button", name="Dễ đọc", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Phông chữ: Dễ đọc")
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check("
        "'1em \"Be Vietnam Pro\"', 'Việt Nam ỹ'))"
    )
    assert fonts and all(url.endswith(".woff2") for url in fonts)
    assert body_style(page, "fontFamily").startswith('"Be Vietnam Pro"')


def test_the_listening_speed_reaches_the_listen_player(page, reader_server, article_url):
    remember_preferences(page.context, reader_server, Preferences(speech_rate="125"))
    page.goto(article_url)
    player = page.locator("[data-reader-listen-rate]")
    expect(player).to_have_attribute("data-reader-listen-rate", "1.25")
    open_options(page)
    page.get_by_role("button", name="1,5×", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Tốc độ nghe: 1,5×")
    expect(player).to_have_attribute("data-reader-listen-rate", "1.5")
    page.reload()
    expect(player).to_have_attribute("data-reader-listen-rate", "1.5")

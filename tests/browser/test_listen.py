"""The "Listen" player in Chromium, on the seed article, with a fake speechSynthesis
(reader.testing.speech): shown only with a voice of the article's language, sentence by sentence
at the reader's rate, pause, resume and stop, the sentence highlighted and in view, keyboard only,
focus kept."""

from playwright.sync_api import expect

from reader.testing import (
    assert_accessible,
    assert_focus_visible,
    assert_reflows,
    assert_target_size,
    assert_text_spacing,
)
from reader.testing.speech import (
    ENGLISH_VOICE,
    NETWORK_VIETNAMESE_VOICE,
    VIETNAMESE_VOICE,
    FakeSpeech,
)
from tests.browser.conftest import SECOND_ARTICLE, SECOND_SLUG

# The sentences listen.js should read, from the page itself: title, lead, then each block of the
# body, split by Chromium's own sentence segmenter.
SENTENCES_JS = """() => {
    const blocks = [document.querySelector('.reader-article__title'),
                    document.querySelector('.reader-article__lead'),
                    ...document.querySelectorAll('.reader-article__body :is(p, li, figcaption)')];
    const segmenter = new Intl.Segmenter('vi', {granularity: 'sentence'});
    return blocks.filter(Boolean).flatMap(b => Array.from(segmenter.segment(b.textContent),
        s => s.segment.trim()).filter(Boolean));
}"""
HIGHLIGHTED_JS = """() => {
    const h = CSS.highlights.get('reader-listen');
    return h ? Array.from(h, r => r.toString().trim()) : [];
}"""
IN_VIEW_JS = """() => {
    const h = CSS.highlights.get('reader-listen');
    if (!h) return false;
    const box = Array.from(h)[0].getBoundingClientRect();
    // all of it, or as much as fits from its start
    return box.height > 0 && box.top >= -1 && (box.bottom <= innerHeight + 1 || box.top <= 1);
}"""
HIGHLIGHTS_JS = """text => {
    const h = CSS.highlights.get('reader-listen');
    return !!h && Array.from(h, r => r.toString().trim()).join('|') === text;
}"""
# What an htmx swap of the section does: the server's fresh markup (hidden, ready to play, a new
# rate) replaces it, and htmx says so.
SWAP_JS = """rate => {
    const old = document.getElementById('reader-listen');
    const fresh = old.cloneNode(true);
    const play = fresh.querySelector('[data-reader-listen-play]');
    fresh.hidden = true;
    play.textContent = play.getAttribute('data-label-play');
    fresh.querySelector('[data-reader-listen-stop]').setAttribute('aria-disabled', 'true');
    fresh.querySelector('[role=status]').textContent = '';
    fresh.setAttribute('data-reader-listen-rate', rate);
    old.replaceWith(fresh);
    fresh.dispatchEvent(new CustomEvent('htmx:load', {bubbles: true}));
}"""
PAGEHIDE_JS = "() => window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))"


def section(page):
    return page.locator("[data-module=reader-listen]")


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def status(page):
    return page.locator("#reader-listen-status")


def listen(page, article_url, voices=None):
    speech = FakeSpeech(page, voices)
    page.goto(article_url)
    return speech


def test_hidden_without_a_voice_of_the_articles_language_until_one_arrives(page, article_url):
    speech = listen(page, article_url, [ENGLISH_VOICE, NETWORK_VIETNAMESE_VOICE])
    # The page has loaded (deferred scripts have run): an English voice, and a Vietnamese one
    # that would send the text away, are not enough.
    expect(section(page)).to_be_hidden()
    expect(section(page)).to_have_attribute("hidden", "")
    speech.set_voices([ENGLISH_VOICE])
    expect(section(page)).to_be_hidden()
    speech.set_voices([ENGLISH_VOICE, VIETNAMESE_VOICE])  # Chrome: voiceschanged, later
    expect(button(page, "Nghe bài viết")).to_be_visible()


def test_shown_with_a_vietnamese_voice_with_named_controls(page, article_url):
    listen(page, article_url)
    expect(section(page)).to_be_visible()
    expect(section(page)).to_have_attribute("aria-label", "Nghe đọc bài viết")
    expect(button(page, "Nghe bài viết")).to_be_visible()
    expect(button(page, "Dừng")).to_have_attribute("aria-disabled", "true")
    expect(status(page)).to_have_text("")
    assert_accessible(page)


def test_play_speaks_sentence_by_sentence_in_vi_vn_at_the_readers_rate(page, article_url):
    speech = listen(page, article_url)
    expected = page.evaluate(SENTENCES_JS)
    assert len(expected) > 4  # title, lead and several sentences of the body
    section(page).evaluate("el => el.setAttribute('data-reader-listen-rate', '1.5')")
    button(page, "Nghe bài viết").click()
    expect(status(page)).to_have_text("Đang đọc bài viết.")
    pause = button(page, "Tạm dừng")
    expect(pause).to_be_focused()
    assert speech.wait_for_spoken(1) == [
        {"text": expected[0], "lang": "vi-VN", "rate": 1.5, "voice": VIETNAMESE_VOICE["name"]}
    ]
    for count in range(2, 5):
        assert speech.finish()
        assert len(speech.wait_for_spoken(count)) == count
    speech.boundary(10)  # a word boundary changes nothing
    assert len(speech.spoken()) == 4 and speech.speaking() == expected[3]
    assert page.evaluate(HIGHLIGHTED_JS) == [expected[3]]
    # A swap changes the rate: the next sentence takes it.
    section(page).evaluate("el => el.setAttribute('data-reader-listen-rate', '0.8')")
    assert speech.finish()
    spoken = speech.wait_for_spoken(5)
    assert [u["text"] for u in spoken] == expected[:5]
    assert [u["rate"] for u in spoken] == [1.5, 1.5, 1.5, 1.5, 0.8]
    assert {u["lang"] for u in spoken} == {"vi-VN"}
    assert speech.calls().count("speak") == 5  # one utterance at a time, never a queue
    expect(pause).to_be_focused()


def test_pause_resume_and_stop_keep_focus_and_say_so(page, article_url):
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.finish()
    second = speech.wait_for_spoken(2)[1]["text"]
    button(page, "Tạm dừng").click()
    resume = button(page, "Nghe tiếp")
    expect(resume).to_be_focused()
    expect(status(page)).to_have_text("Đã tạm dừng.")
    assert speech.speaking() is None and speech.calls()[-1] == "cancel"
    assert page.evaluate(HIGHLIGHTED_JS) == [second]  # the place is kept in view
    assert not speech.finish() and len(speech.spoken()) == 2  # nothing more is read

    resume.click()
    expect(status(page)).to_have_text("Đang đọc bài viết.")
    expect(button(page, "Tạm dừng")).to_be_focused()
    assert speech.wait_for_spoken(3)[2]["text"] == second  # the paused sentence, again

    stop = button(page, "Dừng")
    expect(stop).not_to_have_attribute("aria-disabled", "true")
    stop.click()
    expect(status(page)).to_have_text("Đã dừng đọc.")
    expect(stop).to_be_focused()
    expect(stop).to_have_attribute("aria-disabled", "true")
    expect(button(page, "Nghe bài viết")).to_be_visible()
    assert speech.speaking() is None and page.evaluate(HIGHLIGHTED_JS) == []
    page.keyboard.press("Enter")  # stopped already: nothing happens, focus stays
    expect(stop).to_be_focused()
    expect(status(page)).to_have_text("Đã dừng đọc.")
    button(page, "Nghe bài viết").click()  # from the start again
    assert speech.wait_for_spoken(4)[3]["text"] == speech.spoken()[0]["text"]


def test_the_current_sentence_is_highlighted_and_scrolled_into_view(page, article_url):
    page.set_viewport_size({"width": 480, "height": 400})
    speech = listen(page, article_url)
    expected = page.evaluate(SENTENCES_JS)
    button(page, "Nghe bài viết").click()
    for index in range(len(expected)):
        spoken = speech.wait_for_spoken(index + 1)[index]["text"]
        page.wait_for_function(HIGHLIGHTS_JS, arg=spoken)
        page.wait_for_function(IN_VIEW_JS)
        if index >= 8:
            break
        speech.finish()
    assert page.evaluate("window.scrollY") > 400  # the page moved with the reading


def test_scrolling_is_instant_with_reduced_motion(browser, reader_server, article_url):
    context = browser.new_context(
        locale="vi-VN", reduced_motion="reduce", viewport={"width": 480, "height": 400}
    )
    page = context.new_page()
    try:
        page.add_init_script(
            "window.__scrolls = []; const real = window.scrollBy;"
            "window.scrollBy = function (o) { window.__scrolls.push(o.behavior);"
            " return real.apply(this, arguments); };"
        )
        speech = listen(page, article_url)
        button(page, "Nghe bài viết").click()
        for count in range(2, 8):
            speech.finish()
            speech.wait_for_spoken(count)
        scrolls = page.evaluate("window.__scrolls")
        assert scrolls and set(scrolls) == {"auto"}
    finally:
        context.close()


def test_without_the_highlight_api_the_paragraph_is_marked(page, article_url):
    page.add_init_script("delete window.Highlight")
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    expect(page.locator(".reader-listen-current")).to_have_count(1)
    expect(page.locator(".reader-article__title")).to_have_class(
        "reader-article__title reader-listen-current"
    )
    speech.finish()
    speech.wait_for_spoken(2)
    expect(page.locator(".reader-article__lead")).to_have_class(
        "reader-article__lead reader-listen-current"
    )
    button(page, "Dừng").click()
    expect(page.locator(".reader-listen-current")).to_have_count(0)


def test_keyboard_only(page, article_url):
    speech = listen(page, article_url)
    play = button(page, "Nghe bài viết")
    expect(play).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "reader-listen-play":
            break
    expect(play).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Đang đọc bài viết.")
    speech.wait_for_spoken(1)
    page.keyboard.press("Space")
    expect(button(page, "Nghe tiếp")).to_be_focused()
    expect(status(page)).to_have_text("Đã tạm dừng.")
    page.keyboard.press("Enter")
    expect(button(page, "Tạm dừng")).to_be_focused()
    speech.wait_for_spoken(2)
    page.keyboard.press("Tab")
    expect(button(page, "Dừng")).to_be_focused()
    page.keyboard.press("Space")
    expect(status(page)).to_have_text("Đã dừng đọc.")
    expect(button(page, "Dừng")).to_be_focused()
    assert speech.speaking() is None


def test_reading_to_the_end_says_so(page, reader_server):
    speech = listen(page, f"{reader_server.url}/articles/{SECOND_SLUG}")
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    speech.finish()
    speech.wait_for_spoken(2)
    speech.finish()
    expect(status(page)).to_have_text("Đã đọc hết bài viết.")
    expect(button(page, "Nghe bài viết")).to_be_focused()
    assert [u["text"] for u in speech.spoken()] == [
        SECOND_ARTICLE["title"],
        "Đoạn đầu tiên của bài thứ hai, đủ dài để có một dòng chữ thật sự.",
    ]


def test_leaving_the_page_silences_it(page, article_url):
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    page.evaluate(PAGEHIDE_JS)
    assert speech.speaking() is None and speech.calls()[-1] == "cancel"
    expect(button(page, "Nghe bài viết")).to_be_visible()  # back from the cache: ready again
    expect(button(page, "Dừng")).to_have_attribute("aria-disabled", "true")


def test_playing_passes_axe(page, article_url):
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    expect(status(page)).to_have_text("Đang đọc bài viết.")
    assert_accessible(page)


def test_english_interface_on_a_vietnamese_article_reads_vietnamese(page, article_url):
    speech = listen(page, article_url + "?lang=en", [ENGLISH_VOICE, VIETNAMESE_VOICE])
    expect(section(page)).to_have_attribute("lang", "en")
    button(page, "Listen").click()
    expect(status(page)).to_have_text("Reading the article aloud.")
    assert speech.wait_for_spoken(1)[0]["lang"] == "vi-VN"


def test_the_player_meets_the_kits_focus_target_size_and_reflow_checks(page, article_url):
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    expect(button(page, "Dừng")).not_to_have_attribute("aria-disabled", "true")
    assert_target_size(page)
    assert_focus_visible(page)
    assert_reflows(page)
    assert_text_spacing(page)


def test_no_request_and_nothing_the_strict_csp_refuses(page, reader_server, article_url):
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    speech = listen(page, article_url)
    loaded = len(requests)
    button(page, "Nghe bài viết").click()
    for count in range(2, 6):
        speech.finish()
        speech.wait_for_spoken(count)
    button(page, "Dừng").click()
    expect(status(page)).to_have_text("Đã dừng đọc.")
    assert requests[loaded:] == []  # listening asks nothing of anyone
    assert all(url.startswith(reader_server.url) for url in requests)
    assert page.evaluate("window.__violations") == []


def test_a_section_swapped_in_while_reading_shows_the_player_and_gives_the_new_rate(
    page, article_url
):
    speech = listen(page, article_url)
    button(page, "Nghe bài viết").click()
    speech.wait_for_spoken(1)
    page.evaluate(SWAP_JS, "1.25")
    pause = button(page, "Tạm dừng")
    expect(pause).to_be_visible()
    expect(button(page, "Dừng")).not_to_have_attribute("aria-disabled", "true")
    speech.finish()
    assert speech.wait_for_spoken(2)[1]["rate"] == 1.25
    pause.click()
    expect(status(page)).to_have_text("Đã tạm dừng.")
    expect(button(page, "Nghe tiếp")).to_be_focused()

"""When readability-lxml's reading of a page replaces ours (reader/importers/second_reading.py)."""

from reader.importers.second_reading import better_reading, readability_blocks

STORY = [
    f"<p>Đoạn {n}: người dân trong bản phấn khởi đón cây cầu mới bắc qua suối.</p>"
    for n in range(12)
]
PORTAL = [
    f"<p>Tin khác {n}: lịch tiếp công dân, thủ tục hành chính, liên hệ.</p>" for n in range(30)
]


def test_ours_stands_when_the_two_readings_agree():
    assert not better_reading(STORY, STORY)
    assert not better_reading(STORY, STORY[:-1])  # theirs lost a paragraph: ours is fuller
    assert not better_reading(STORY, STORY + STORY[:1])  # a tenth more is not "stopped short"


def test_theirs_when_ours_stopped_short_of_the_articles_end():
    assert better_reading(STORY[:8], STORY)
    assert not better_reading(STORY[:8], PORTAL)  # longer, but not holding ours: not the story


def test_theirs_when_ours_kept_the_portal_around_the_article():
    assert better_reading(STORY + PORTAL, STORY)
    assert not better_reading(STORY + PORTAL, STORY[:2])  # too few words to trust
    assert not better_reading(STORY + PORTAL, STORY[:2] + PORTAL[:3] + ["<p>Khác hẳn.</p>"] * 9)


def test_theirs_when_ours_found_nothing_and_theirs_is_an_article():
    assert better_reading([], STORY)
    assert not better_reading([], ["<p>Trang chủ Tin tức Liên hệ</p>"])
    assert not better_reading([], [])


def test_readability_blocks_are_blocks_like_ours_without_the_pages_chrome():
    page = (
        "<html><body><nav><a href='/'>Trang chủ</a></nav><div class='story'>"
        + "".join(STORY)
        + "<p>Xem <a href='/tin/cau.html'>bài trước</a>.</p></div>"
        "<footer>Bản quyền</footer></body></html>"
    )
    blocks = readability_blocks(page, "https://backan.gov.vn/tin/a.html")
    assert blocks[0] == STORY[0]
    assert '<a href="https://backan.gov.vn/tin/cau.html">bài trước</a>' in blocks[-1]
    assert not any("Trang chủ" in b or "Bản quyền" in b for b in blocks)
    assert readability_blocks("", "") == []

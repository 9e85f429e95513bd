"""When readability-lxml's reading of a page replaces ours (reader/importers/second_reading.py)."""

import subprocess
import sys

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


def test_a_page_readability_lxml_cannot_read_leaves_no_traceback():
    # In a process of its own: pytest's log capture would hide what a command-line user sees.
    script = (
        "from readability import Document\n"
        "from reader.importers.second_reading import readability_blocks\n"
        "def broken(self, *args, **kwargs):\n"
        "    raise ValueError('broken')\n"
        "Document._html = broken\n"
        "print(readability_blocks('<html><body><p>x</p></body></html>', ''))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")

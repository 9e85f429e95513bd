"""The conformance matrix: every sampled cell passes every check (see reader/testing/matrix.py).

READER_QA_MATRIX=full runs the whole product of the dimensions instead of the sample.
"""

import itertools
import os

import pytest

from reader.scale import SCALE_STEPS
from reader.testing.matrix import (
    CROSSED,
    MEDIA,
    PAGES,
    SCRIPTING,
    THEME_SIZES,
    THEMED,
    WIDTHS,
    all_cells,
    run_cell,
    sampled_cells,
)

CELLS = all_cells() if os.environ.get("READER_QA_MATRIX") == "full" else sampled_cells()


@pytest.mark.parametrize("cell", CELLS, ids=lambda cell: cell.id)
def test_cell(browser, qa_site, cell):
    result = run_cell(browser, qa_site, cell)
    assert result.ok, result.message()


def test_sample_covers_every_pair_and_every_size_on_every_page():
    every = sampled_cells()
    cells = [c for c in every if c.theme == "a"]
    # Every colour theme at 100% and 300%, on the article, in both widths.
    themed = {(c.theme, c.size) for c in every if c.theme != "a" and c.page == "article"}
    assert themed == set(itertools.product(THEMED, THEME_SIZES)) and THEME_SIZES == (100, 300)
    assert {c.width for c in every if c.theme != "a"} == set(WIDTHS)
    dimensions = {
        "page": PAGES,
        "size": SCALE_STEPS,
        "width": WIDTHS,
        "js": SCRIPTING,
        "media": MEDIA,
    }
    for (a, values_a), (b, values_b) in itertools.combinations(dimensions.items(), 2):
        seen = {(getattr(c, a), getattr(c, b)) for c in cells}
        wanted = set(itertools.product(values_a, values_b))
        if (a, b) == ("page", "size"):
            # A portal page without JavaScript has no toolbar, so no size of its own to check.
            wanted -= {("host", s) for s in SCALE_STEPS if s != 100}
        assert wanted <= seen, f"{a} x {b} pairs never checked: {sorted(wanted - seen)}"
    for page in PAGES:
        sizes = {c.size for c in cells if c.page == page and (c.js or page != "host")}
        assert sizes == set(SCALE_STEPS), page
    crossed = {(c.page, c.size, c.width, c.js, c.media) for c in cells if c.size in CROSSED}
    for cell in itertools.product(PAGES, CROSSED, WIDTHS, SCRIPTING, MEDIA):
        assert cell in crossed or (cell[0] == "host" and not cell[3]), cell
    assert len(every) < len(all_cells()) / 2

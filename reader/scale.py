"""The text-size steps, defined once: the server, the toolbar macro, its CSS, embed.js (through
the toolbar JSON) and the QA kit all read them from here.

Standard library only, so the QA kit can import it without Flask.
"""

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TextSizes:
    """The sizes a reader can choose, in percent of their own default font size."""

    steps: tuple[int, ...]
    default: int

    @property
    def smallest(self) -> int:
        return self.steps[0]

    @property
    def largest(self) -> int:
        return self.steps[-1]

    def step(self, scale: int, by: int) -> int:
        """The size `by` steps away from `scale`, kept within the smallest and the largest."""
        index = self.steps.index(scale) + by
        return self.steps[max(0, min(index, len(self.steps) - 1))]


TEXT_SIZES = TextSizes(steps=(75, 85, 100, 110, 120, 135, 150, 175, 200, 250, 300), default=100)
SCALE_STEPS = TEXT_SIZES.steps
DEFAULT_SCALE = TEXT_SIZES.default

CSS_BEGIN = "/* BEGIN scale steps: generated from reader/scale.py by `make css` */"
CSS_END = "/* END scale steps */"


def scale_css(sizes: TextSizes = TEXT_SIZES) -> str:
    """The marker's rules: every sibling after `.reader-scale--N` gets `--reader-scale: N/100`.

    A rule per step rather than an inline style, which the Content-Security-Policy forbids.
    """
    rules = [f".reader-scale--{s} ~ * {{ --reader-scale: {s / 100:g}; }}" for s in sizes.steps]
    return "\n".join([CSS_BEGIN, *rules, CSS_END])


def replace_scale_css(stylesheet: str) -> str:
    """`stylesheet` with its generated block rewritten from the steps."""
    start, end = stylesheet.index(CSS_BEGIN), stylesheet.index(CSS_END) + len(CSS_END)
    return stylesheet[:start] + scale_css() + stylesheet[end:]


if __name__ == "__main__":  # `python -m reader.scale FILE`: rewrite FILE's generated block
    path = Path(sys.argv[1])
    path.write_text(replace_scale_css(path.read_text(encoding="utf-8")), encoding="utf-8")

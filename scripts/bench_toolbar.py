"""Measure the toolbar: click → repainted text in Chromium on loopback, per control, and its weight.

    .venv/bin/python scripts/bench_toolbar.py [--clicks 20]

(a) Serves the demo article from a throwaway SQLite database, clicks each of the toolbar's
controls that changes the page (the size buttons, and one pair of values of each reading choice:
line spacing, spacing, line length, colours, font) in headless Chromium, and times, in the page,
from the click to the animation frame in which what that control changes (the body text's
computed style, the column's width or the page's colours) has changed (target: p95 ≤ 50 ms for
each control). (b) gzip -9 size of toolbar.js + toolbar.css, the toolbar's own code beside htmx
(target ≤ 8 KB; fonts and reader.css not counted).
"""

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static" / "reader"
TARGET_MS = 50
TARGET_BYTES = 8192

# Resolves with the milliseconds from the click to the first frame showing the change.
MEASURE_ONE_CLICK = """async (id) => {
  const p = document.querySelector('.reader-article__body p');
  const main = document.querySelector('main');
  const look = () => {
    const s = getComputedStyle(p), b = getComputedStyle(document.body);
    return [s.fontSize, s.lineHeight, s.letterSpacing, s.fontFamily, main.clientWidth,
            b.backgroundColor].join('|');
  };
  const before = look();
  return await new Promise((resolve) => {
    let start;
    const observer = new MutationObserver(() => {
      if (look() === before) return;
      observer.disconnect();
      requestAnimationFrame((frame) => resolve(frame - start));
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true});
    start = performance.now();
    document.getElementById(id).click();
  });
}"""

# Each control measured, as the pair of buttons pressed in turn (each undoes the other).
CONTROLS = {
    "text size": ("reader-toolbar-increase", "reader-toolbar-decrease"),
    "line spacing": ("reader-toolbar-line_height-20", "reader-toolbar-line_height-17"),
    "letter and word spacing": ("reader-toolbar-spacing-w", "reader-toolbar-spacing-n"),
    "line length": ("reader-toolbar-width-n", "reader-toolbar-width-m"),
    "colours": ("reader-toolbar-theme-d", "reader-toolbar-theme-l"),
    "font": ("reader-toolbar-font-a", "reader-toolbar-font-s"),
}


def serve_demo():
    """The demo article on a throwaway SQLite database, served on loopback."""
    from reader.testing.server import LiveServer
    from reader.testing.site import demo_app

    app, slug = demo_app(Path(tempfile.mkdtemp(prefix="reader-bench-")))
    server = LiveServer(app)
    return server, f"{server.url}/articles/{slug}"


def click_timings(url: str, clicks: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from reader.testing.plugin import CHROMIUM_ARGS, system_chromium

    timings = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=system_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.click("#reader-toolbar-options > summary")
        for control, buttons in CONTROLS.items():
            timings[control] = [
                page.evaluate(MEASURE_ONE_CLICK, buttons[i % 2]) for i in range(clicks)
            ]
        browser.close()
    return timings


def gzip_sizes() -> dict[str, int]:
    files = {name: (STATIC / name).read_bytes() for name in ("toolbar.js", "toolbar.css")}
    sizes = {name: len(gzip.compress(data, 9)) for name, data in files.items()}
    sizes["together"] = len(gzip.compress(b"".join(files.values()), 9))
    return sizes


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=20, help="clicks per control")
    args = parser.parse_args(argv)
    server, url = serve_demo()
    try:
        timings = click_timings(url, max(args.clicks, 20))
    finally:
        server.stop()
    print("(a) click -> repainted page, in Chromium on loopback (target p95 <= 50 ms each):")
    slowest = 0.0
    for control, values in timings.items():
        slowest = max(slowest, p95(values))
        print(
            f"    {control}: {len(values)} clicks, median {statistics.median(values):.1f} ms, "
            f"p95 {p95(values):.1f} ms, max {max(values):.1f} ms"
        )
    sizes = gzip_sizes()
    print(
        f"(b) gzip -9: toolbar.js {sizes['toolbar.js']} B + toolbar.css {sizes['toolbar.css']} B"
        f" = {sizes['toolbar.js'] + sizes['toolbar.css']} B apart, {sizes['together']} B "
        f"together (target <= {TARGET_BYTES} B; htmx not counted)"
    )
    weight = sizes["toolbar.js"] + sizes["toolbar.css"]
    return 0 if slowest <= TARGET_MS and weight <= TARGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())

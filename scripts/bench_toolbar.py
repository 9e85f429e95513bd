"""Measure the toolbar: click → repainted text in Chromium on loopback, and its gzip weight.

    .venv/bin/python scripts/bench_toolbar.py [--clicks 60]

(a) Serves the demo article from a throwaway SQLite database, clicks the size buttons in headless
Chromium and times, in the page, from the click to the animation frame in which the body text's
computed font size has changed (targets: p95 ≤ 50 ms). (b) gzip -9 size of toolbar.js +
toolbar.css, the toolbar's own code beside htmx (target ≤ 6 KB).
"""

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static" / "reader"

# Resolves with the milliseconds from the click to the first frame showing the new size.
MEASURE_ONE_CLICK = """async (id) => {
  const p = document.querySelector('.reader-article__body p');
  const before = getComputedStyle(p).fontSize;
  return await new Promise((resolve) => {
    let start;
    const observer = new MutationObserver(() => {
      if (getComputedStyle(p).fontSize === before) return;
      observer.disconnect();
      requestAnimationFrame((frame) => resolve(frame - start));
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true});
    start = performance.now();
    document.getElementById(id).click();
  });
}"""


def serve_demo():
    """The demo article on a throwaway SQLite database, served on loopback."""
    from reader.testing.server import LiveServer
    from reader.testing.site import demo_app

    app, slug = demo_app(Path(tempfile.mkdtemp(prefix="reader-bench-")))
    server = LiveServer(app)
    return server, f"{server.url}/articles/{slug}"


def click_timings(url: str, clicks: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from reader.testing.plugin import CHROMIUM_ARGS, system_chromium

    timings = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=system_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        direction = "increase"
        for _ in range(clicks):
            button = f"reader-toolbar-{direction}"
            if page.get_attribute(f"#{button}", "aria-disabled") == "true":
                direction = "decrease" if direction == "increase" else "increase"
                button = f"reader-toolbar-{direction}"
            timings.append(page.evaluate(MEASURE_ONE_CLICK, button))
        browser.close()
    return timings


def gzip_sizes() -> dict[str, int]:
    files = {name: (STATIC / name).read_bytes() for name in ("toolbar.js", "toolbar.css")}
    sizes = {name: len(gzip.compress(data, 9)) for name, data in files.items()}
    sizes["together"] = len(gzip.compress(b"".join(files.values()), 9))
    return sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=60)
    args = parser.parse_args(argv)
    server, url = serve_demo()
    try:
        timings = sorted(click_timings(url, max(args.clicks, 50)))
    finally:
        server.stop()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        f"(a) click -> repainted text, {len(timings)} clicks in Chromium on loopback: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms (target p95 <= 50 ms)"
    )
    sizes = gzip_sizes()
    print(
        f"(b) gzip -9: toolbar.js {sizes['toolbar.js']} B + toolbar.css {sizes['toolbar.css']} B"
        f" = {sizes['toolbar.js'] + sizes['toolbar.css']} B apart, {sizes['together']} B "
        f"together (target <= 6144 B; htmx not counted)"
    )
    return 0 if p95 <= 50 and sizes["toolbar.js"] + sizes["toolbar.css"] <= 6144 else 1


if __name__ == "__main__":
    sys.exit(main())

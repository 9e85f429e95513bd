"""`python -m reader.testing.report [--out a11y-report]`: the conformance matrix as a static page.

It starts a throwaway reader with the demo article and a sample portal, runs every sampled cell
of the matrix (reader/testing/matrix.py; `--full` for all of them), and writes index.html,
report.css and screenshots of each page at the smallest, default and largest size.
"""

import argparse
import logging
import shutil
import sys
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from reader.scale import SCALE_STEPS
from reader.testing.axe import AXE_VERSION
from reader.testing.matrix import (
    CHECKS,
    CROSSED,
    PAGE_NAMES,
    PAGES,
    CellResult,
    all_cells,
    run_cell,
    sampled_cells,
)
from reader.testing.plugin import CHROMIUM_ARGS, chromium_executable
from reader.testing.site import live_site

HERE = Path(__file__).resolve().parent


def shot_name(page: str, size: int) -> str:
    return f"screenshots/{page}-{size}.png"


def wants_shot(cell) -> bool:
    return (
        cell.size in CROSSED
        and cell.width == 1280
        and cell.js
        and cell.media == "default"
        and cell.theme == "a"
    )


def run(out: Path, full: bool) -> list[CellResult]:
    cells = all_cells() if full else sampled_cells()
    (out / "screenshots").mkdir(parents=True, exist_ok=True)
    results = []
    with live_site() as (site, _app), sync_playwright() as playwright:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        path = chromium_executable(playwright.chromium.executable_path)
        browser = playwright.chromium.launch(
            **({"executable_path": path} if path else {}), args=CHROMIUM_ARGS
        )
        for number, cell in enumerate(cells, 1):
            shot = str(out / shot_name(cell.page, cell.size)) if wants_shot(cell) else None
            results.append(run_cell(browser, site, cell, screenshot=shot))
            mark = "ok" if results[-1].ok else "FAILED"
            print(f"[{number}/{len(cells)}] {cell.id}: {mark}", file=sys.stderr)
        browser.close()
    return results


def status_cell(result: CellResult, check: str) -> str:
    if check in result.failures or "set-up" in result.failures:
        return '<td class="fail">fail</td>'
    if check in result.skipped:
        note = escape(result.skipped[check])
        return f'<td class="skip">n/a<span class="note">: {note}</span></td>'
    return '<td class="pass">pass</td>'


def page_section(page: str, results: list[CellResult]) -> str:
    rows, details = [], []
    for r in sorted(results, key=lambda r: r.cell):
        c = r.cell
        media = "forced colours, reduced motion" if c.media == "forced" else "none"
        rows.append(
            f'<tr><th scope="row">{c.size}%</th><td>{c.width}px</td>'
            f"<td>{'on' if c.js else 'off'}</td><td>{media}</td>"
            + "".join(status_cell(r, check) for check in CHECKS)
            + "</tr>"
        )
        for check, text in r.failures.items():
            details.append(
                f"<li><p><strong>{escape(c.describe())}, {escape(check)}</strong>"
                f"</p><pre>{escape(text)}</pre></li>"
            )
    shots = "".join(
        f'<figure><img src="{shot_name(page, size)}" alt="The {escape(PAGE_NAMES[page])} at '
        f'text size {size}%, 1280 CSS px wide" width="320"><figcaption>{size}%</figcaption>'
        f"</figure>"
        for size in CROSSED
    )
    failures = (
        f'<h3>Failures</h3><ul class="failures">{"".join(details)}</ul>'
        if details
        else "<p>Every check passed on every cell of this page.</p>"
    )
    heads = "".join(f'<th scope="col">{escape(check)}</th>' for check in CHECKS)
    return (
        f'<section aria-labelledby="page-{page}"><h2 id="page-{page}">'
        f"{escape(PAGE_NAMES[page]).capitalize()}</h2>"
        f'<div class="scroll" tabindex="0" role="region" aria-label="Results: '
        f'{escape(PAGE_NAMES[page])}"><table>'
        f"<caption>{escape(PAGE_NAMES[page]).capitalize()}: checks per cell</caption>"
        f'<thead><tr><th scope="col">Text size</th><th scope="col">Width</th>'
        f'<th scope="col">JavaScript</th><th scope="col">Media</th>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{failures}"
        f'<h3>Screenshots</h3><div class="shots">{shots}</div></section>'
    )


def write(out: Path, results: list[CellResult], seconds: float, full: bool) -> Path:
    failed = [r for r in results if not r.ok]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sample = (
        "every cell"
        if full
        else f"a deterministic sample of {len(results)} of {len(all_cells())} cells: the "
        f"{', '.join(f'{s}%' for s in CROSSED)} sizes crossed with everything, every other "
        "size on every page, every pair of values in at least one cell"
    )
    body = "".join(
        page_section(page, [r for r in results if r.cell.page == page]) for page in PAGES
    )
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessibility report – reader</title>
<link rel="stylesheet" href="report.css">
</head>
<body>
<main>
<h1>Accessibility report: WCAG 2.2 AA at every text size</h1>
<p class="summary {"fail" if failed else "pass"}">{len(results) - len(failed)} of {len(results)}
cells passed every check{f"; {len(failed)} failed" if failed else ""}.</p>
<dl>
<dt>Generated</dt><dd>{when}, in {seconds:.0f} s</dd>
<dt>Matrix</dt><dd>{len(PAGES)} pages, text sizes {", ".join(f"{s}%" for s in SCALE_STEPS)},
widths 320 and 1280 CSS px, JavaScript on and off, with and without forced colours and reduced
motion; {escape(sample)}.</dd>
<dt>Checks</dt><dd>axe-core {AXE_VERSION} (WCAG 2.0, 2.1, 2.2 A and AA rules, none disabled);
viewport allows zoom (1.4.4); reflow (1.4.10, and 1.4.4 at 200% zoom); text spacing (1.4.12);
target size (2.5.8); focus visible (2.4.7, 2.4.11);
the toolbar operated by keyboard alone (2.1.1).</dd>
</dl>
{body}
</main>
</body>
</html>
"""
    (out / "index.html").write_text(html, encoding="utf-8")
    shutil.copyfile(HERE / "report.css", out / "report.css")
    return out / "index.html"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="a11y-report", help="folder to write (a11y-report)")
    parser.add_argument("--full", action="store_true", help="every cell, not the sample")
    args = parser.parse_args(argv)
    out = Path(args.out)
    started = time.perf_counter()
    results = run(out, args.full)
    index = write(out, results, time.perf_counter() - started, args.full)
    failed = sum(not r.ok for r in results)
    print(
        f"{index}: {len(results) - failed} of {len(results)} cells passed "
        f"({time.perf_counter() - started:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

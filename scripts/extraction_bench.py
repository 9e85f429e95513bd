"""Score `reader.importers.extract_html` on a folder of saved pages with their expected article.

Usage: python scripts/extraction_bench.py CORPUS_DIR [--engine NAME ...] [--show N]
                                           [--held-out-every N]

NAME is reader (`extract_html`), trafilatura (alone) or readability-lxml (alone); by default
every one installed is scored. Figures are printed as a Markdown table for all pages, for the
pages tuned on and for the held-out pages (every 5th page in name order, never tuned on).

CORPUS_DIR holds one folder per page in Mozilla Readability's test-page format: source.html,
expected.html (the article's markup) and expected-metadata.json (title, byline,
publishedTime). Body scores compare word tokens (lowercased \\w+, as a multiset) of what the
reader shows (lead, body, figure captions) with expected.html, averaged over the pages; a
refused page scores 0. Title and author are compared after folding case and white space (and a
leading "By"); dates on the day, over the pages that state a date. Nothing is fetched.
"""

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import lxml.html

WORD = re.compile(r"\w+")
BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def words(text: str) -> Counter:
    return Counter(WORD.findall(text.lower()))


def html_text(html: str) -> str:
    if not html.strip():
        return ""
    return lxml.html.document_fromstring(f"<html><body>{html}</body></html>").text_content()


def fold(text) -> str:
    return " ".join(BY.sub("", text or "").casefold().split())


def day(value) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None


def reader_engine(raw: bytes) -> dict:
    from reader.importers import extract_html

    article = extract_html(raw)
    shown = [article.lead, html_text(article.body_html)]
    shown += [f.caption for f in article.figures]
    return {
        "text": " ".join(shown),
        "title": article.title,
        "author": article.author,
        "date": article.published_on,
    }


def trafilatura_engine(raw: bytes) -> dict:
    import trafilatura

    found = trafilatura.bare_extraction(raw, with_metadata=True, include_tables=True)
    if found is None or not (found.text or "").strip():
        raise ValueError("no article")
    return {"text": found.text, "title": found.title, "author": found.author, "date": found.date}


def readability_engine(raw: bytes) -> dict:
    """readability-lxml alone (our second reading of the body); body and title."""
    from readability import Document

    found = Document(raw)
    return {
        "text": html_text(found.summary()),
        "title": found.short_title(),
        "author": "",
        "date": None,
    }


ENGINES = {
    "reader": reader_engine,
    "trafilatura": trafilatura_engine,
    "readability-lxml": readability_engine,
}


def held_out(index: int, every: int) -> bool:
    """Every `every`-th page (the 5th, 10th, ... in name order) is held out: never tuned on."""
    return every > 0 and index % every == every - 1


def run(corpus: Path, engine) -> list[dict]:
    """One row per page: its word-token scores, whether title/author/date match, and time."""
    pages = sorted(p for p in corpus.iterdir() if (p / "source.html").is_file())
    rows = []
    for page in pages:
        raw = (page / "source.html").read_bytes()
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        want = words(html_text((page / "expected.html").read_text(encoding="utf-8")))
        start = time.perf_counter()
        try:
            got = engine(raw)
        except Exception as error:  # a refusal, or a crash: both count as nothing extracted
            got = {"text": "", "title": "", "author": "", "date": None, "error": str(error)}
        ms = (time.perf_counter() - start) * 1000
        have = words(got["text"])
        common = sum((have & want).values())
        precision = common / sum(have.values()) if have else 0.0
        recall = common / sum(want.values()) if want else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        stated_day = day(expected.get("publishedTime"))
        rows.append(
            {
                "page": page.name,
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "title": fold(got["title"]) == fold(expected.get("title")),
                "author": (fold(got["author"]) == fold(expected["byline"]))
                if expected.get("byline")
                else None,
                "date": (day(got["date"]) == stated_day) if stated_day else None,
                "refused": "error" in got,
                "error": got.get("error", ""),
                "ms": ms,
            }
        )
    return rows


def summary(rows: list[dict]) -> dict:
    """The figures over some pages (averages of the per-page scores)."""
    named = [r["author"] for r in rows if r["author"] is not None]
    dated = [r["date"] for r in rows if r["date"] is not None]
    return {
        "pages": len(rows),
        "body precision": statistics.mean(r["precision"] for r in rows),
        "body recall": statistics.mean(r["recall"] for r in rows),
        "body F1": statistics.mean(r["f1"] for r in rows),
        "title exact": sum(r["title"] for r in rows) / len(rows),
        "author exact": sum(named) / max(len(named), 1),
        "pages naming an author": len(named),
        "date right": sum(dated) / max(len(dated), 1),
        "pages stating a date": len(dated),
        "refused": sum(r["refused"] for r in rows),
        "ms per page (mean)": statistics.mean(r["ms"] for r in rows),
        "ms per page (median)": statistics.median(r["ms"] for r in rows),
    }


def score(corpus: Path, engine, show: int = 0, every: int = 5) -> dict:
    """Figures on all pages, on the tuned pages and on the held-out ones."""
    rows = run(corpus, engine)
    for row in sorted(rows, key=lambda r: r["f1"])[:show]:
        print(f"  low: {row['page']} F1 {row['f1']:.3f} {row['error']}", file=sys.stderr)
    splits = {
        "all": rows,
        "tuned": [r for n, r in enumerate(rows) if not held_out(n, every)],
        "held-out": [r for n, r in enumerate(rows) if held_out(n, every)],
    }
    return {
        name: summary(part) for name, part in splits.items() if name == "all" or part and every > 0
    }


def shown(name: str, value) -> str:
    if name.startswith("ms"):
        return f"{value:.0f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of page folders (source.html, ...)")
    parser.add_argument(
        "--engine",
        action="append",
        choices=sorted(ENGINES),
        help="an engine to score (repeatable; default: every one installed)",
    )
    parser.add_argument("--show", type=int, default=0, help="list the N pages scoring lowest")
    parser.add_argument(
        "--held-out-every",
        type=int,
        default=5,
        metavar="N",
        help="hold out every Nth page (default 5; 0: none)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    if not any((page / "source.html").is_file() for page in args.corpus.iterdir()):
        parser.error(f"{args.corpus} holds no page folder (with a source.html)")
    engines = args.engine or [e for e in ENGINES if e not in MODULES or _installed(e)]
    for engine in engines:
        if engine in MODULES and not _installed(engine):
            parser.error(f"the {engine} engine needs it installed (pip install {engine})")
    results = {e: score(args.corpus, ENGINES[e], args.show, args.held_out_every) for e in engines}
    columns = [(e, split) for e in engines for split in results[e]]
    print("| | " + " | ".join(f"{e} ({split})" for e, split in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name in results[engines[0]]["all"]:
        values = [shown(name, results[e][split][name]) for e, split in columns]
        print(f"| {name} | " + " | ".join(values) + " |")
    return 0


MODULES = {"trafilatura": "trafilatura", "readability-lxml": "readability"}


def _installed(engine: str) -> bool:
    return importlib.util.find_spec(MODULES[engine]) is not None


if __name__ == "__main__":
    sys.exit(main())

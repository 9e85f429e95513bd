"""Score `reader.importers.extract_html` on a folder of saved pages with their expected article.

Usage: python scripts/extraction_bench.py CORPUS_DIR [--engine NAME] [--show N]

NAME is reader (the default: `extract_html`), trafilatura (alone) or readability-lxml.

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
    """readability-lxml (not a dependency of ours: pip install readability-lxml); body and title."""
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


def score(corpus: Path, engine, show: int) -> dict:
    pages = sorted(p for p in corpus.iterdir() if (p / "source.html").is_file())
    f1s, precisions, recalls, times = [], [], [], []
    titles = authors = author_pages = dates = date_pages = refused = 0
    worst = []
    for page in pages:
        raw = (page / "source.html").read_bytes()
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        want = words(html_text((page / "expected.html").read_text(encoding="utf-8")))
        start = time.perf_counter()
        try:
            got = engine(raw)
        except Exception as error:  # a refusal, or a crash: both count as nothing extracted
            got = {"text": "", "title": "", "author": "", "date": None, "error": str(error)}
            refused += 1
        times.append((time.perf_counter() - start) * 1000)
        have = words(got["text"])
        common = sum((have & want).values())
        precision = common / sum(have.values()) if have else 0.0
        recall = common / sum(want.values()) if want else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        precisions.append(precision)
        recalls.append(recall)
        f1s.append(f1)
        worst.append((f1, page.name, got.get("error", "")))
        titles += fold(got["title"]) == fold(expected.get("title"))
        if expected.get("byline"):
            author_pages += 1
            authors += fold(got["author"]) == fold(expected["byline"])
        if day(expected.get("publishedTime")):
            date_pages += 1
            dates += day(got["date"]) == day(expected["publishedTime"])
    for f1, name, error in sorted(worst)[:show]:
        print(f"  low: {name} F1 {f1:.3f} {error}", file=sys.stderr)
    n = len(pages)
    return {
        "pages": n,
        "body precision": statistics.mean(precisions),
        "body recall": statistics.mean(recalls),
        "body F1": statistics.mean(f1s),
        "title exact": titles / n,
        f"author exact ({author_pages} pages name one)": authors / max(author_pages, 1),
        f"date right ({date_pages} pages state one)": dates / max(date_pages, 1),
        "refused": refused,
        "ms per page (mean)": statistics.mean(times),
        "ms per page (median)": statistics.median(times),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of page folders (source.html, ...)")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="reader")
    parser.add_argument("--show", type=int, default=0, help="list the N pages scoring lowest")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    module = {"trafilatura": "trafilatura", "readability-lxml": "readability"}.get(args.engine)
    if module and importlib.util.find_spec(module) is None:
        parser.error(f"the {args.engine} engine needs it installed (pip install {args.engine})")
    results = score(args.corpus, ENGINES[args.engine], args.show)
    print(f"engine: {args.engine}")
    for name, value in results.items():
        shown = f"{value:.3f}" if isinstance(value, float) and value <= 1 else value
        shown = f"{value:.0f}" if name.startswith("ms") else shown
        print(f"{name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

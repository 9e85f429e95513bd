"""Pathological HTML pages of a given size, and the time each import stage takes on them.

Usage: python scripts/worst_pages.py [--sizes 0.25,0.5,1,2] [--kinds deep,flat,...] [--stages]

Each kind is a news page whose body is one shape repeated until the page reaches the size asked
(in MB): `deep` (every paragraph inside 250 nested <div>s), `deep-once` (all paragraphs inside one
nesting as deep as the limit allows), `flat` (paragraphs as siblings in <div>s), `figures`
(photos with captions), `text` (one long paragraph), `links` (paragraphs full of links) and
`tables` (rows of cells). Prints a Markdown table of seconds per size, and with --stages the
seconds of each stage of `extract_html` and of storing (sanitising) on the largest size.
Nothing is fetched; the pages are made here.
"""

import argparse
import sys
import time

WORDS = (
    "Sáng nay UBND huyện tổ chức khởi công xây dựng cầu treo bản Nà Làng người dân phấn khởi "
    "vì mùa mưa lũ tới sẽ không còn phải lội suối công trình dự kiến hoàn thành trước Tết"
).split()
DEEP = 250  # nesting of the `deep` kind, well under the import limit


def sentence(n: int, words: int = 40) -> str:
    return " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(words)) + f" {n}."


def _chunk(kind: str, n: int, depth: int) -> str:
    if kind == "deep":
        return "<div>" * depth + f"<p>{sentence(n)}</p>" + "</div>" * depth
    if kind == "flat":
        return f"<div class='row'><p>{sentence(n)}</p></div>"
    if kind == "figures":
        return (
            f"<figure><img src='/anh/{n}.jpg' alt='Ảnh {n}'><figcaption>{sentence(n, 12)}"
            f"</figcaption></figure><p>{sentence(n)}</p>"
        )
    if kind == "text":
        return sentence(n) + " "
    if kind == "links":
        links = "".join(f"<a href='/tin/{n}-{i}.html'>{WORDS[i]}</a> " for i in range(8))
        return f"<p>{sentence(n, 12)} {links}</p>"
    if kind == "tables":
        cells = "".join(f"<td>{WORDS[(n + i) % len(WORDS)]} {i}</td>" for i in range(6))
        return f"<tr>{cells}</tr>"
    if kind == "deep-once":
        return f"<p>{sentence(n)}</p>"
    raise ValueError(f"unknown kind {kind!r}")


KINDS = ("deep", "deep-once", "flat", "figures", "text", "links", "tables")


def page(kind: str, size: int, depth: int = DEEP) -> bytes:
    """A page of `kind` about `size` bytes long (UTF-8), its body repeated `kind` chunks."""
    head = (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Cầu treo</title>"
        "</head><body><nav><a href='/'>Trang chủ</a></nav><article><h1>Cầu treo bản Nà Làng</h1>"
    )
    opening, closing = {
        "text": ("<p>", "</p>"),
        "tables": ("<table>", "</table>"),
        "deep-once": ("<div>" * depth, "</div>" * depth),
    }.get(kind, ("", ""))
    tail = "</article><footer>Bản quyền</footer></body></html>"
    parts, length, n = [head, opening], len(head.encode()) + len(opening) + len(closing), 0
    length += len(tail)
    while length < size:
        chunk = _chunk(kind, n, depth)
        parts.append(chunk)
        length += len(chunk.encode())
        n += 1
    return "".join([*parts, closing, tail]).encode()


def import_seconds(data: bytes) -> float:
    """CPU seconds to read and store-check the page as the importer does (extract, check,
    sanitise): this process's own time, so other work on a shared machine barely moves it."""
    from reader.importers import ImportProblem, extract_html
    from reader.store import InvalidArticle, compose_body, validate

    start = time.process_time()
    try:
        article = extract_html(data)
        validate(article)  # as `store.save_article` does: over a limit, it is refused here
        compose_body(article.body_html, article.figures)
    except (ImportProblem, InvalidArticle):
        pass
    return time.process_time() - start


def stage_seconds(data: bytes) -> dict[str, float]:
    """Seconds of each stage of the import on the page, each timed on its own."""
    from copy import deepcopy

    import lxml.html

    from reader.importers import extract
    from reader.importers.body_choice import choose_body
    from reader.importers.html import ours
    from reader.importers.second_reading import readability_blocks
    from reader.importers.source import check_nesting, decode
    from reader.store import compose_body

    times = {}

    def timed(name, call):
        start = time.perf_counter()
        result = call()
        times[name] = time.perf_counter() - start
        return result

    text = timed("decode+check", lambda: (decode(data), check_nesting(decode(data)))[0])
    doc = timed("lxml parse", lambda: lxml.html.document_fromstring(text))
    timed("flatten", lambda: extract._flatten_deep_wrappers(doc))
    timed("drop hidden", lambda: (extract._drop_requests_to_others(doc), extract._drop_hidden(doc)))
    library = timed("trafilatura", lambda: extract._trafilatura(doc, ""))
    extract._drop_non_content(doc)
    cleaned = deepcopy(doc)
    page_article = timed("ours", lambda: ours(doc, ""))
    blocks, figures = timed("body choice", lambda: choose_body(page_article, library, ""))
    timed("readability", lambda: readability_blocks(cleaned, ""))
    timed("sanitise", lambda: compose_body("\n".join(blocks), figures))
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="page sizes in MB, comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS), help="kinds of page, comma-separated")
    parser.add_argument("--stages", action="store_true", help="time each stage on the largest")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    import_seconds(page("flat", 10_000))  # the libraries load once, before any timing
    print("| page | " + " | ".join(f"{s:g} MB" for s in sizes) + " | largest / smallest |")
    print("|---" * (len(sizes) + 2) + "|")
    for kind in kinds:
        seconds = [import_seconds(page(kind, int(s * 1_000_000))) for s in sizes]
        ratio = seconds[-1] / seconds[0] if seconds[0] else 0
        print(
            f"| {kind} | " + " | ".join(f"{t:.2f}" for t in seconds) + f" | {ratio:.1f}× |",
            flush=True,
        )
    if args.stages:
        for kind in kinds:
            for size in sizes:
                times = stage_seconds(page(kind, int(size * 1_000_000)))
                line = ", ".join(f"{k} {v:.2f}" for k, v in times.items())
                print(f"{kind} {size:g} MB: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

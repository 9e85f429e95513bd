"""JSON sources: one object with the article's fields, or a list of them."""

import json
from datetime import date

from reader.importers.source import ImportProblem, check_nesting
from reader.store import ArticleData, FigureData

TEXT_FIELDS = ("title", "lead", "author", "language", "source_url", "slug")
FIGURE_FIELDS = {"position", "caption", "image_url", "image", "alt_text", "alt"}
ARTICLE_FIELDS = set(TEXT_FIELDS) | {
    "body",
    "body_html",
    "figures",
    "published_on",
    "date",
    "published",
}


def parse(text: str) -> list[ArticleData]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise ImportProblem("the JSON is nested too deeply to be an article") from None
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ImportProblem("the JSON list holds no article")
    return [_article(item, n) for n, item in enumerate(items, 1)]


def _article(item, n: int) -> ArticleData:
    where = f"article {n}: " if n > 1 else ""
    if not isinstance(item, dict):
        raise ImportProblem(
            f"{where}expected an object with the article's fields, not {_kind(item)}"
        )
    unknown = sorted(set(item) - ARTICLE_FIELDS)
    if unknown:
        raise ImportProblem(
            f"{where}unknown field(s) {', '.join(unknown)}; known: "
            f"{', '.join(sorted(ARTICLE_FIELDS))}"
        )
    fields = {}
    for name in TEXT_FIELDS:
        value = item.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ImportProblem(f"{where}{name} must be a string, not {_kind(value)}")
        fields[name] = value
    body = item.get("body_html", item.get("body", "")) or ""
    if not isinstance(body, str):
        raise ImportProblem(f"{where}body must be a string of HTML, not {_kind(body)}")
    try:
        check_nesting(body)
    except ImportProblem as problem:
        raise ImportProblem(f"{where}body: {problem}") from None
    published = item.get("published_on", item.get("published", item.get("date")))
    return ArticleData(
        **{k: v for k, v in fields.items() if k != "language"},
        language=fields["language"],  # "" when it says none: detected from the text
        body_html=body,
        published_on=_date(published, where),
        figures=[_figure(f, where) for f in _list(item.get("figures"), where)],
    )


def _list(value, where):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportProblem(f"{where}figures must be a list, not {_kind(value)}")
    return value


def _figure(value, where) -> FigureData:
    if not isinstance(value, dict) or set(value) - FIGURE_FIELDS:
        raise ImportProblem(
            f"{where}each figure is an object with {', '.join(sorted(FIGURE_FIELDS))}"
        )
    position = value.get("position", 0)
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ImportProblem(f"{where}a figure's position must be a whole number, 0 or more")
    texts = {k: value.get(k) or "" for k in ("caption", "image_url", "image", "alt_text", "alt")}
    if not all(isinstance(v, str) for v in texts.values()):
        raise ImportProblem(f"{where}a figure's caption, image and alt text must be strings")
    return FigureData(
        position=position,
        caption=texts["caption"],
        image_url=texts["image_url"] or texts["image"],
        alt_text=texts["alt_text"] or texts["alt"],
    )


def _date(value, where) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportProblem(
            f"{where}published_on {value!r} is not a date like 2020-10-23"
        ) from None


def _kind(value) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    for kind, name in (
        (bool, "true/false"),
        ((int, float), "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "an object"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__

"""An HTML article's body as a flat list of blocks, with its photos taken out as figures.

`store.compose_body` puts each figure back before the block it stood before, so the body is
flattened here into top-level blocks the sanitizer keeps one for one (unknown wrappers unwrapped,
loose text wrapped in <p>), and a figure's position is the number of blocks before it.
"""

import re
from urllib.parse import urljoin

import lxml.html
from markupsafe import escape

from reader.sanitize import url_is_allowed
from reader.store import FigureData

KEPT_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table"}
)
BLOCKISH = frozenset(
    {
        "div",
        "section",
        "main",
        "article",
        "center",
        "pre",
        "dl",
        "address",
        "figure",
        "details",
        "summary",
        "hgroup",
        *KEPT_BLOCKS,
    }
)
BODY_CLASS = re.compile(
    r"(^|[-_])((article|entry|post|story|news|detail|single)[-_]?(body|content|"
    r"text)|articlebody|content[-_]?detail|detail[-_]?content|noi[-_]?dung|"
    r"body[-_]?text|fck[-_]?detail)([-_]|$)"
)
BOILERPLATE_CLASS = re.compile(
    r"(^|[-_])(nav|navbar|menu|sidebar|breadcrumbs?|share|sharing|social|related|comments?|"
    r"footer|header|banner|ads?|advert\w*|tags?|toolbar|print|date|time|pubdate|meta|"
    r"tin-?lien-?quan|lien-?quan)([-_]|$)"
)
CAPTION_CLASS = re.compile(r"(^|[-_])(caption|desc|description|chu-?thich|note|legend)([-_]|$)")
FIGURE_CLASS = re.compile(r"(^|[-_])(image|img|photo|picture|figure|pic)([-_]|$)")
BOILERPLATE_TAGS = ("nav", "aside", "footer", "header")
BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src")
MAX_URL = 2000


def text_of(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def classes_match(element, pattern) -> bool:
    return any(pattern.search(token) for token in (element.get("class") or "").lower().split())


def find_body_container(scope):
    """The element holding the body text: itemprop=articleBody, an article-body class, or scope."""
    found = scope.xpath(".//*[@itemprop='articleBody']") or [
        e for e in scope.iter() if e is not scope and classes_match(e, BODY_CLASS)
    ]
    if not found:
        return scope
    without_heading = [e for e in found if next(e.iter("h1"), None) is None]
    return max(without_heading or found, key=lambda e: len(e.text_content()))


def remove_boilerplate(container) -> None:
    for element in list(container.iter()):
        if element is container or element.getparent() is None:
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if (
            element.tag in BOILERPLATE_TAGS
            or element.get("role") in BOILERPLATE_ROLES
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or "display:none" in style
            or classes_match(element, BOILERPLATE_CLASS)
        ):
            element.drop_tree()


def extract_body(container, base_url: str) -> tuple[list[str], list[FigureData]]:
    """The container's blocks (HTML strings) and its figures, placed by block count."""
    _absolute_links(container, base_url)
    flattener = _Flattener(base_url)
    flattener.walk(container)
    flattener.flush()
    return flattener.blocks, flattener.figures


class _Flattener:
    def __init__(self, base_url):
        self.base_url = base_url
        self.blocks: list[str] = []
        self.figures: list[FigureData] = []
        self.pending: list[str] = []

    def flush(self):
        inline = "".join(self.pending).strip()
        self.pending = []
        if inline and (re.sub(r"<[^>]*>", "", inline).strip() or "<img" in inline):
            self.blocks.append(f"<p>{inline}</p>")

    def walk(self, element):
        self._text(element.text)
        children = list(element)
        skip = set()
        for i, child in enumerate(children):
            if i not in skip:
                following = children[i + 1] if i + 1 < len(children) else None
                if self._handle(child, following):
                    skip.add(i + 1)
            self._text(child.tail)

    def _text(self, text):
        if text and text.strip():
            self.pending.append(str(escape(text)))
        elif text and self.pending:
            self.pending.append(" ")

    def _handle(self, child, following) -> bool:
        """Adds the child as block, figure or inline text; True when it used up `following`."""
        if not isinstance(child.tag, str):
            return False
        if _is_figure(child) or (_is_image_only(child) and child.tag != "a"):
            self.flush()
            caption_element = following if _is_caption(following) else None
            figure = self._figure(child, caption_element)
            if figure:
                self.figures.append(figure)
            return caption_element is not None
        if child.tag in KEPT_BLOCKS:
            self.flush()
            if text_of(child) or next(child.iter("img"), None) is not None:
                self.blocks.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        elif any(d.tag in BLOCKISH for d in child.iterdescendants() if isinstance(d.tag, str)):
            self.flush()
            self.walk(child)
            self.flush()
        elif child.tag in BLOCKISH:
            self.flush()
            self.walk(child)
            self.flush()
        else:
            self.pending.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        return False

    def _figure(self, element, caption_element) -> FigureData | None:
        image = element if element.tag == "img" else next(element.iter("img"), None)
        caption = next(element.iter("figcaption"), None)
        if caption is None:
            caption = next(
                (e for e in element.iter() if e is not element and classes_match(e, CAPTION_CLASS)),
                None,
            )
        text = (
            text_of(caption)
            or text_of(caption_element)
            or (text_of(element) if element.tag != "figure" else "")
        )
        src = _image_source(image, self.base_url) if image is not None else ""
        if not src and not text:
            return None
        alt = " ".join((image.get("alt") or "").split()) if image is not None else ""
        return FigureData(position=len(self.blocks), caption=text, image_url=src, alt_text=alt)


def _is_figure(element) -> bool:
    if element.tag == "figure":
        return True
    if element.tag in ("table", "div") and (
        classes_match(element, FIGURE_CLASS) or element.tag == "table"
    ):
        images = list(element.iter("img"))
        return (
            len(images) == 1
            and len(element.xpath(".//tr")) <= 2
            and len(text_of(element)) <= 400
            and next(element.iter("p", "ul", "ol"), None) is None
        )
    return False


def _is_image_only(element) -> bool:
    if element.tag == "img":
        return True
    return (
        element.tag in ("p", "div", "a", "span", "center")
        and not text_of(element)
        and len(list(element.iter("img"))) == 1
    )


def _is_caption(element) -> bool:
    if element is None or not isinstance(element.tag, str) or not text_of(element):
        return False
    if classes_match(element, CAPTION_CLASS):
        return True
    # Portals often set a caption as a paragraph of italics right under the photo.
    only = list(element)
    return (
        element.tag == "p"
        and len(only) == 1
        and only[0].tag in ("em", "i")
        and not (element.text or "").strip()
        and not (only[0].tail or "").strip()
        and len(text_of(element)) <= 300
    )


def _image_source(image, base_url: str) -> str:
    src = (image.get("src") or "").strip()
    if not src or src.startswith("data:"):
        src = next((image.get(a).strip() for a in LAZY_SOURCES if image.get(a)), "")
    src = _resolve(base_url, src)
    return src if src and url_is_allowed(src) and len(src) <= MAX_URL else ""


def _resolve(base_url: str, url: str) -> str:
    if not base_url or not url or url.startswith("#"):
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:  # e.g. a malformed IPv6 host
        return ""


def _absolute_links(container, base_url: str) -> None:
    for element in container.iter("a", "img"):
        if element.tag == "img":
            source = _image_source(element, base_url)
            element.attrib.pop("src", None)
            if source:
                element.set("src", source)
        elif element.get("href"):
            element.set("href", _resolve(base_url, element.get("href").strip()))

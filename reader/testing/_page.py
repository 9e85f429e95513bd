"""What every check needs: where the page is, its text size, and elements described for people."""

from playwright.sync_api import Page

# The current text size in percent: our pages carry a marker; a script embed says it in its status.
SCALE_JS = """() => {
  const marker = document.querySelector('#reader-scale[data-reader-scale]');
  if (marker) return Number(marker.dataset.readerScale);
  for (const host of document.querySelectorAll('[data-reader-toolbar]')) {
    const status = host.shadowRoot && host.shadowRoot.querySelector('[role=status]');
    const match = status && /(\\d+)\\s*%/.exec(status.textContent);
    if (match) return Number(match[1]);
  }
  return null;
}"""

# Installed once per document: describe(el) gives a selector and a text snippet for messages;
# deepAll(selector) finds elements in the document and in every open shadow root.
HELPERS_JS = """() => {
  if (window.__readerQA) return;
  function selectorOf(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; ) {
      let part = node.localName;
      if (node.id) { parts.unshift(part + '#' + CSS.escape(node.id)); break; }
      const cls = [...node.classList].slice(0, 2).map(c => '.' + CSS.escape(c)).join('');
      part += cls;
      const parent = node.parentElement;
      if (parent) {
        const same = [...parent.children].filter(c => c.localName === node.localName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      if (parent) { node = parent; continue; }
      const root = node.getRootNode();
      if (root && root.host) { parts.unshift('>>shadow>>'); node = root.host; } else break;
    }
    return parts.join(' > ').replace(/ > >>shadow>> > /g, ' >>shadow>> ');
  }
  function describe(el) {
    const text = (el.innerText || el.textContent || el.getAttribute('aria-label') || '')
      .replace(/\\s+/g, ' ').trim();
    return { selector: selectorOf(el), text: text.length > 60 ? text.slice(0, 57) + '...' : text };
  }
  function deepAll(selector, root = document, out = []) {
    root.querySelectorAll(selector).forEach(el => out.push(el));
    root.querySelectorAll('*').forEach(el => {
      if (el.shadowRoot) deepAll(selector, el.shadowRoot, out);
    });
    return out;
  }
  function deepActive() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }
  window.__readerQA = { describe, deepAll, deepActive };
}"""


def install_helpers(page: Page) -> None:
    page.evaluate(HELPERS_JS)


def current_scale(page: Page) -> int | None:
    """The reader's text size on this page in percent, or None when it shows none."""
    return page.evaluate(SCALE_JS)


def where(page: Page) -> str:
    """`URL at text size N%`: the first words of every failure message."""
    scale = current_scale(page)
    size = f"{scale}%" if scale is not None else "unknown (no reader toolbar found)"
    return f"{page.url} at text size {size}"


def format_elements(items: list[dict], limit: int = 10) -> str:
    """One line per offending element: its selector, its text and what is wrong with it."""
    lines = [f"  - {item['selector']} \"{item.get('text', '')}\": {item['problem']}"
             for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines)


def fail(page: Page, criterion: str, summary: str, items: list[dict]) -> None:
    raise AssertionError(f"{where(page)}: WCAG {criterion}: {summary}\n{format_elements(items)}")

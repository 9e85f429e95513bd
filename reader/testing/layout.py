"""Layout checks: reflow (WCAG 1.4.10), text spacing (1.4.12) and target size (2.5.8)."""

from playwright.sync_api import Page

from reader.testing._page import fail, install_helpers

# Elements whose content does not fit their box: clipped (overflow hidden/clip) or spilling out
# of a fixed-size box (overflow visible). Visually hidden elements (1px boxes) are left out.
OVERFLOWING_JS = """() => {
  const qa = window.__readerQA, out = [];
  const SKIP = /^(SCRIPT|STYLE|TEMPLATE|svg|IMG|VIDEO|IFRAME|CANVAS|BR|OPTION|SELECT)$/;
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
  for (const el of qa.deepAll('body *')) {
    if (SKIP.test(el.tagName)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.display === 'inline' || cs.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 2 || rect.height <= 2 || !el.textContent.trim()) continue;  // hidden, empty
    const dx = el.scrollWidth - el.clientWidth, dy = el.scrollHeight - el.clientHeight;
    const clipX = /^(hidden|clip)$/.test(cs.overflowX);
    const clipY = /^(hidden|clip)$/.test(cs.overflowY);
    let problem = null;
    if (dx > 1 && (clipX || cs.overflowX === 'visible' && ownText(el)))
      problem = `text ${dx}px wider than its box (overflow-x: ${cs.overflowX})`;
    // Visible overflow smaller than half a line is glyph ink (tall diacritics), not lost text.
    else if (dy > 1 && (clipY || cs.overflowY === 'visible' && ownText(el) &&
                        dy > parseFloat(cs.fontSize) / 2))
      problem = `text ${dy}px taller than its box (overflow-y: ${cs.overflowY})`;
    if (problem) out.push({ ...qa.describe(el), problem });
  }
  return out;
}"""

SCROLL_JS = """() => {
  const d = document.documentElement, qa = window.__readerQA;
  const beyond = qa.deepAll('body *').filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > d.clientWidth + 1 && getComputedStyle(el).position !== 'fixed';
  });
  // Prefer elements not inside a scrolling box (those scroll there, not the page).
  const outside = beyond.filter(el => {
    for (let a = el.parentElement; a && a !== d; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return false;
    }
    return true;
  });
  const culprits = (outside.length ? outside : beyond).sort((a, b) =>
    b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return { scroll: d.scrollWidth, client: d.clientWidth,
           widest: culprits.slice(0, 5).map(el => ({ ...qa.describe(el),
             problem: `right edge at ${Math.round(el.getBoundingClientRect().right)}px` })) };
}"""


def overflowing(page: Page) -> list[dict]:
    install_helpers(page)
    return page.evaluate(OVERFLOWING_JS)


def assert_reflows(page: Page, width: int = 320) -> None:
    """At `width` CSS px: no horizontal scrolling and no clipped text (WCAG 1.4.10 Reflow)."""
    size = page.viewport_size or {"height": 800}
    if not size or size.get("width") != width:
        page.set_viewport_size({"width": width, "height": size.get("height", 800)})
    install_helpers(page)
    box = page.evaluate(SCROLL_JS)
    if box["scroll"] > box["client"] + 1:
        fail(page, "1.4.10 Reflow", f"scrolls horizontally at {width} CSS px wide (content "
             f"{box['scroll']}px in a {box['client']}px viewport); widest elements:",
             box["widest"] or [{"selector": "html", "text": "", "problem": "wider than viewport"}])
    clipped = overflowing(page)
    if clipped:
        fail(page, "1.4.10 Reflow", f"text is clipped at {width} CSS px wide:", clipped)


# WCAG 1.4.12's values, as a constructed stylesheet: a CSP without 'unsafe-inline' allows it.
SPACING_CSS = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
               " word-spacing: 0.16em !important; }"
               " p { margin-block-end: 2em !important; }")

SPACING_JS = """([css, on]) => {
  const roots = [document, ...window.__readerQA.deepAll('*').filter(e => e.shadowRoot)
                 .map(e => e.shadowRoot)];
  for (const root of roots) {
    if (on) {
      const sheet = new CSSStyleSheet(); sheet.replaceSync(css); sheet.__readerQA = true;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } else {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter(s => !s.__readerQA);
    }
  }
}"""


def assert_text_spacing(page: Page) -> None:
    """With WCAG 1.4.12's spacing applied, no text is clipped or spills that did not before."""
    install_helpers(page)
    before = {item["selector"] for item in overflowing(page)}
    scroll_before = page.evaluate("() => document.documentElement.scrollWidth")
    page.evaluate(SPACING_JS, [SPACING_CSS, True])
    try:
        lost = [item for item in overflowing(page) if item["selector"] not in before]
        box = page.evaluate(SCROLL_JS)
    finally:
        page.evaluate(SPACING_JS, [SPACING_CSS, False])
    if lost:
        fail(page, "1.4.12 Text Spacing", "content is lost with line-height 1.5, paragraph "
             "spacing 2em, letter-spacing 0.12em, word-spacing 0.16em:", lost)
    if box["scroll"] > max(box["client"], scroll_before) + 1:
        fail(page, "1.4.12 Text Spacing", "the page scrolls sideways once text spacing is "
             f"increased ({box['scroll']}px in {box['client']}px):", box["widest"])


TARGETS_JS = """(minimum) => {
  const qa = window.__readerQA;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [role=checkbox], [role=tab], [role=menuitem], [tabindex]';
  const targets = qa.deepAll(selector).filter(el => {
    if (el.matches('[tabindex="-1"]:not(a, button, input, select, textarea, summary)')) {
      return false;
    }
    if (el.closest('[hidden], [inert]')) return false;
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    return cs.visibility !== 'hidden' && cs.display !== 'none' && r.width > 1 && r.height > 1 &&
      r.right > 0 && r.bottom > -window.scrollY;
  });
  const inSentence = el => {  // 2.5.8's inline exception: a link inside a line of text
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    if (!block) return false;
    const own = el.textContent.trim().length;
    return block.textContent.replace(/\\s+/g, ' ').trim().length > own + 10;
  };
  const boxes = targets.map(el => ({ el, r: el.getBoundingClientRect() }));
  const out = [];
  for (const { el, r } of boxes) {
    if (r.width >= minimum - 0.5 && r.height >= minimum - 0.5) continue;
    if (inSentence(el)) continue;
    // Spacing exception: a circle of diameter `minimum` on the target's centre touches no other
    // target, nor another undersized target's circle.
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2, radius = minimum / 2;
    const clash = boxes.find(({ el: other, r: o }) => {
      if (other === el || other.contains(el) || el.contains(other)) return false;
      const nx = Math.max(o.left, Math.min(cx, o.right));
      const ny = Math.max(o.top, Math.min(cy, o.bottom));
      if (Math.hypot(nx - cx, ny - cy) < radius) return true;
      const small = o.width < minimum || o.height < minimum;
      return small && Math.hypot(o.left + o.width / 2 - cx, o.top + o.height / 2 - cy) < minimum;
    });
    if (clash) out.push({ ...qa.describe(el),
      problem: `${r.width.toFixed(1)}x${r.height.toFixed(1)} CSS px, too close to ` +
               qa.describe(clash.el).selector });
  }
  return out;
}"""


def assert_target_size(page: Page, minimum: int = 24) -> None:
    """Every visible control is at least `minimum` CSS px square, or spaced as 2.5.8 allows."""
    install_helpers(page)
    small = page.evaluate(TARGETS_JS, minimum)
    if small:
        fail(page, "2.5.8 Target Size (Minimum)", f"controls smaller than {minimum}x{minimum} "
             "CSS px without the spacing that 2.5.8 allows instead:", small)

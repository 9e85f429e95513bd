"""Keyboard checks: every control shows a focus indicator (WCAG 2.4.7, 2.4.11), none is hidden."""

from playwright.sync_api import Page

from reader.testing._page import fail, install_helpers

# The look of an element and its parent that a focus indicator may change.
LOOK_JS = """el => {
  const look = e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow,
            s.borderTopColor, s.borderBottomColor, s.borderBottomWidth, s.backgroundColor,
            s.color, s.textDecorationLine, s.textDecorationThickness].join('|'); };
  const parent = el.parentElement || (el.getRootNode().host || null);
  return look(el) + '||' + (parent ? look(parent) : '');
}"""

STOP_JS = """() => {
  const look = LOOK;
  const qa = window.__readerQA, el = qa.deepActive();
  if (!el || el === document.body || el === document.documentElement) return null;
  qa.stops = qa.stops || [];
  if (qa.stops.includes(el)) return { repeat: true };
  qa.stops.push(el);
  const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
  let hidden = null;
  if (r.width < 1 || r.height < 1) hidden = `has no size (${r.width}x${r.height})`;
  else if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) hidden = 'is invisible';
  else if (r.bottom < 0 || r.right < 0 || r.top > innerHeight || r.left > innerWidth)
    hidden = 'is off screen while focused';
  let obscured = false;
  if (!hidden) {  // 2.4.11: not entirely hidden by other content (sticky bars, overlays)
    const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
    obscured = points.every(([fx, fy]) => {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      let hit = document.elementFromPoint(x, y);
      while (hit && hit.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit && !(el === hit || el.contains(hit) || hit.contains(el));
    });
  }
  return { index: qa.stops.length - 1, ...qa.describe(el), hidden, obscured,
           focused: look(el) };
}""".replace("LOOK", LOOK_JS)


def assert_focus_visible(page: Page, *, max_stops: int = 150) -> None:
    """Tab through the page: every stop is visible, not covered, and looks focused."""
    install_helpers(page)
    page.evaluate("() => { window.__readerQA.stops = []; document.activeElement?.blur();"
                  " window.scrollTo(0, 0); }")
    stops, problems = [], []
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP_JS)
        if stop is None or stop.get("repeat"):
            break
        stops.append(stop)
        if stop["hidden"]:
            problems.append({**stop, "problem": f"focusable but {stop['hidden']} (2.4.7/2.4.3)"})
        elif stop["obscured"]:
            problems.append({**stop, "problem": "entirely covered by other content when "
                             "focused (2.4.11 Focus Not Obscured)"})
    page.evaluate("() => window.__readerQA.deepActive()?.blur()")
    unfocused = page.evaluate(f"() => window.__readerQA.stops.map({LOOK_JS})")
    for stop, look in zip(stops, unfocused, strict=False):
        if stop["hidden"] or stop["focused"] != look:
            continue
        if not _differs_on_screen(page, stop["index"]):
            problems.append({**stop, "problem": "looks the same focused and unfocused "
                             "(no outline, shadow, border or colour change)"})
    if problems:
        fail(page, "2.4.7 Focus Visible", f"{len(problems)} of {len(stops)} keyboard stops "
             "have no visible focus indicator or are hidden:", problems)


def _differs_on_screen(page: Page, index: int) -> bool:
    """Last resort for indicators drawn elsewhere (::after, an ancestor): compare pixels."""
    box = page.evaluate("""(i) => { const el = window.__readerQA.stops[i];
        el.focus(); const r = el.getBoundingClientRect();
        return { x: Math.max(0, r.left - 8), y: Math.max(0, r.top - 8),
                 width: r.width + 16, height: r.height + 16 }; }""", index)
    if box["width"] < 1 or box["height"] < 1:
        return False
    focused = page.screenshot(clip=box, animations="disabled")
    page.evaluate("(i) => window.__readerQA.stops[i].blur()", index)
    return focused != page.screenshot(clip=box, animations="disabled")

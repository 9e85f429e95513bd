// Elements whose text does not fit their box: clipped (overflow hidden/clip) or spilling
// out of a fixed-size box (overflow visible). Left out: visually hidden elements (1px
// boxes), text inside aria-hidden="true", and the clipping ACT rule 59br37 accepts as
// deliberate: one line cut short with an ellipsis (white-space: nowrap and a text-overflow
// other than clip), and a box exactly one line high (its used line-height equals its height;
// its content box's, for overflow: clip). Needs helpers.js.
// Returns: an array of { selector, text, problem }.
() => {
  const qa = window.__readerQA, out = [];
  const SKIP = /^(SCRIPT|STYLE|TEMPLATE|svg|IMG|VIDEO|IFRAME|CANVAS|BR|OPTION|SELECT)$/;
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
  const ariaHidden = el => {
    for (let node = el; node; node = node.parentElement || node.getRootNode().host) {
      if ((node.getAttribute('aria-hidden') || '').trim().toLowerCase() === 'true') return true;
    }
    return false;
  };
  const oneLine = (el, cs) => {  // 59br37's deliberate single-line box
    const line = cs.lineHeight === 'normal' ? null : parseFloat(cs.lineHeight);
    if (!line) return false;
    const height = cs.overflowY === 'clip'
      ? el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)
      : el.getBoundingClientRect().height;
    return Math.abs(height - line) <= 1;
  };
  for (const el of qa.deepAll('body *')) {
    if (SKIP.test(el.tagName)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.display === 'inline' || cs.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 2 || rect.height <= 2 || !el.textContent.trim()) continue;  // hidden, empty
    if (ariaHidden(el)) continue;
    const dx = el.scrollWidth - el.clientWidth, dy = el.scrollHeight - el.clientHeight;
    const clipX = /^(hidden|clip)$/.test(cs.overflowX);
    const clipY = /^(hidden|clip)$/.test(cs.overflowY);
    const ellipsis = /nowrap/.test(cs.whiteSpace + ' ' + (cs.textWrapMode || '')) &&
      cs.textOverflow !== 'clip';
    let problem = null;
    if (dx > 1 && (clipX && !ellipsis || cs.overflowX === 'visible' && ownText(el)))
      problem = `text ${dx}px wider than its box (overflow-x: ${cs.overflowX})`;
    // Visible overflow smaller than half a line is glyph ink (tall diacritics), not lost text.
    else if (dy > 1 && (clipY && !oneLine(el, cs) || cs.overflowY === 'visible' && ownText(el) &&
                        dy > parseFloat(cs.fontSize) / 2))
      problem = `text ${dy}px taller than its box (overflow-y: ${cs.overflowY})`;
    if (problem) out.push({ ...qa.describe(el), problem });
  }
  return out;
}

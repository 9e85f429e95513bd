// Elements whose text does not fit their box: clipped (overflow hidden/clip) or spilling
// out of a fixed-size box (overflow visible). Visually hidden elements (1px boxes) are left
// out. Needs helpers.js.
// Returns: an array of { selector, text, problem }.
() => {
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
}

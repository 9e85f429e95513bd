// Controls smaller than `minimum` CSS px square without the spacing WCAG 2.5.8 allows
// instead (links inside a line of text are exempt). Needs helpers.js.
// Returns: an array of { selector, text, problem }.
(minimum) => {
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
    return block.textContent.replace(/\s+/g, ' ').trim().length > own + 10;
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
}

// Controls smaller than `minimum` CSS px square that none of WCAG 2.5.8's exceptions covers:
//   spacing: a circle of diameter `minimum` centred on the target's box intersects no other
//     target and no other undersized target's circle;
//   inline: the target is display: inline in a block that has text of its own outside every
//     target (a sentence, or a line whose height non-target text sets);
//   user agent control: an <input>, <select> or <textarea> no author declaration sizes
//     (width, height, their min/max and logical forms, padding, font-size, appearance, zoom);
//   equivalent: a link to the same URL as a link that meets 2.5.8 by itself, or the control
//     `equivalents` names for it ({ selector of the small target: selector of the control });
//   essential: the caller says so (`essential`: selectors), as only people can judge it.
// Needs helpers.js. Returns: an array of { selector, text, problem }.
({ minimum, equivalents, essential }) => {
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
  const isTarget = new Set(targets);
  const matching = selectors => new Set(selectors.flatMap(s => qa.deepAll(s)));
  const essentials = matching(essential);
  const inline = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/[\p{L}\p{N}]/u.test(node.data)) continue;
      let inside = false;
      for (let a = node.parentElement; a && a !== block; a = a.parentElement) {
        if (isTarget.has(a)) { inside = true; break; }
      }
      if (!inside) return true;
    }
    return false;
  };
  const SIZING = ['width', 'height', 'min-width', 'min-height', 'max-width', 'max-height',
    'inline-size', 'block-size', 'min-inline-size', 'min-block-size', 'max-inline-size',
    'max-block-size', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
    'font-size', 'appearance', 'zoom'];
  const userAgentSized = el => el.matches('input, select, textarea') &&
    SIZING.every(property => qa.declarations(el, property).length === 0);
  const boxes = targets.map(el => ({ el, r: el.getBoundingClientRect() }));
  const big = r => r.width >= minimum - 0.5 && r.height >= minimum - 0.5;
  const spacedClash = (el, r) => {  // null when the spacing exception holds
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2, radius = minimum / 2;
    const clash = boxes.find(({ el: other, r: o }) => {
      if (other === el || other.contains(el) || el.contains(other)) return false;
      const nx = Math.max(o.left, Math.min(cx, o.right));
      const ny = Math.max(o.top, Math.min(cy, o.bottom));
      if (Math.hypot(nx - cx, ny - cy) < radius) return true;
      return !big(o) && Math.hypot(o.left + o.width / 2 - cx, o.top + o.height / 2 - cy) < minimum;
    });
    return clash ? clash.el : null;
  };
  const alone = new Map();  // target: null when it meets 2.5.8 without an equivalent, else why not
  for (const { el, r } of boxes) {
    let why = null;
    if (!big(r) && !inline(el) && !userAgentSized(el) && !essentials.has(el)) {
      const clash = spacedClash(el, r);
      if (clash) why = `${r.width.toFixed(1)}x${r.height.toFixed(1)} CSS px, too close to ` +
        qa.describe(clash).selector;
    }
    alone.set(el, why);
  }
  const named = Object.entries(equivalents).map(([small, control]) =>
    [matching([small]), control, qa.deepAll(control)]);
  const out = [];
  for (const [el, why] of alone) {
    if (!why) continue;
    if (el.matches('a[href]') && targets.some(other => other !== el &&
        other.matches('a[href]') && other.href === el.href && alone.get(other) === null)) continue;
    const given = named.find(([smalls]) => smalls.has(el));
    if (given) {
      const [, control, found] = given;
      if (found.some(other => alone.get(other) === null)) continue;
      out.push({ ...qa.describe(el), problem: `${why}; its equivalent ${control} ` +
        (found.length ? 'does not meet 2.5.8 itself' : 'is not on the page') });
      continue;
    }
    out.push({ ...qa.describe(el), problem: why });
  }
  return out;
}

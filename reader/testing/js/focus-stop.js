// Records the element focused after a Tab press as the next keyboard stop, with the box its
// indicator may be drawn in (`margin` CSS px around it, within the viewport) and the scroll
// position, for comparing its pixels focused and unfocused. Needs helpers.js.
// Returns: null when nothing is focused; { repeat: true } when the stop was seen before;
//   else { index, selector, text, hidden: why it cannot be seen or null,
//   obscured: whether other content covers it entirely (2.4.11),
//   box: { x, y, width, height } in CSS px of the viewport, scroll: [x, y] }.
(margin) => {
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
  const width = document.documentElement.clientWidth, height = innerHeight;
  const x = Math.max(0, Math.floor(r.left - margin)), y = Math.max(0, Math.floor(r.top - margin));
  const box = { x, y, width: Math.min(width, Math.ceil(r.right + margin)) - x,
                height: Math.min(height, Math.ceil(r.bottom + margin)) - y };
  return { index: qa.stops.length - 1, ...qa.describe(el), hidden, obscured, box,
           scroll: [scrollX, scrollY] };
}

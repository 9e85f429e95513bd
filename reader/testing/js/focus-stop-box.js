// Focuses keyboard stop `i` again and measures the box its indicator may be drawn in
// (8 px around it), for comparing screenshots. Needs helpers.js.
// Returns: { x, y, width, height } in CSS px.
(i) => {
  const el = window.__readerQA.stops[i];
  el.focus();
  const r = el.getBoundingClientRect();
  return { x: Math.max(0, r.left - 8), y: Math.max(0, r.top - 8),
           width: r.width + 16, height: r.height + 16 };
}

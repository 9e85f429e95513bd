// With the text-spacing sheet applied: every element with visible text of its own whose
// computed letter, word or line spacing stays below WCAG 1.4.12's metrics (`metrics`:
// { letter, word, line } in times the font size), with the author declaration that kept it
// there. Line height counts only where the text wraps onto more than one line (ACT 78fd32:
// line spacing needs a soft wrap). Needs helpers.js.
// Returns: an array of { selector, text, problem }.
(metrics) => {
  const qa = window.__readerQA, out = [];
  const SKIP = /^(script|style|template|noscript|option|select|textarea)$/;
  const HTML = 'http://www.w3.org/1999/xhtml';
  const visibleText = el => {  // its own text nodes' line boxes, when any can be seen
    const lines = new Set();
    let seen = false;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3 || !node.data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 1 || r.height < 1) continue;
        // Off the page's top or left edge (top: -999em) cannot be scrolled to.
        if (r.right + scrollX <= 0 || r.bottom + scrollY <= 0) continue;
        seen = true;
        lines.add(Math.round(r.top));
      }
    }
    return seen ? lines.size : 0;
  };
  const px = value => parseFloat(value) || 0;  // 'normal' letter/word spacing computes to 0
  for (const el of [document.body, ...qa.deepAll('body *')].filter(Boolean)) {
    if (el.namespaceURI !== HTML || SKIP.test(el.localName)) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || cs.display === 'none') continue;
    if (el.getBoundingClientRect().width <= 1 && cs.overflow !== 'visible') continue;
    const lines = visibleText(el);
    if (!lines) continue;
    const size = px(cs.fontSize);
    const checks = [
      ['letter-spacing', px(cs.letterSpacing), metrics.letter],
      ['word-spacing', px(cs.wordSpacing), metrics.word],
    ];
    if (lines > 1) {  // 'normal' is about 1.2 times the font size: short of 1.5
      checks.push(['line-height', cs.lineHeight === 'normal' ? 0 : px(cs.lineHeight),
                   metrics.line]);
    }
    const problems = [];
    for (const [property, value, factor] of checks) {
      const needed = factor * size;
      if (value + 0.02 >= needed) continue;
      const found = qa.declarations(el, property);
      const blocker = found.find(d => d.important && d.where === 'style attribute') ||
        found.find(d => d.important) || found[0];
      const shown = property === 'line-height' && cs.lineHeight === 'normal' ? 'normal' :
        `${value.toFixed(2)}px`;
      problems.push(`${property} stays ${shown}, under ${factor} x ${size}px = ` +
        `${needed.toFixed(2)}px: blocked by ` + (blocker ? `${blocker.where} "${blocker.text}"`
          : 'a declaration the kit cannot read (another origin\'s style sheet?)'));
    }
    if (problems.length) out.push({ ...qa.describe(el), problem: problems.join('; ') });
  }
  return out;
}

// Runs axe-core with [context, options] and keeps what the failure message needs, for its
// violations and its incomplete results (what it could not decide: needs review).
// Needs axe (vendor/axe.min.js) and helpers.js in the page.
// Returns: a promise of { violations, incomplete }, each a list of { id, impact, help,
//   helpUrl, tags (the wcag* ones), nodes: [{ target, html, summary,
//   element: describe()'s { selector, text } or null }] }.
async ([context, options]) => {
  const describe = target => {  // axe's target: selectors, an array of them into shadow roots
    let root = document, el = null;
    for (const part of target) {
      for (const sel of Array.isArray(part) ? part : [part]) {
        el = root.querySelector(sel);
        if (!el) return null;
        root = el.shadowRoot || el;
      }
    }
    return el && window.__readerQA.describe(el);
  };
  const result = await axe.run(context || document, options);
  const keep = list => list.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    tags: v.tags.filter(t => /^wcag\d/.test(t)),
    nodes: v.nodes.map(n => ({ target: n.target, html: n.html, summary: n.failureSummary,
                               element: describe(n.target) })),
  }));
  return { violations: keep(result.violations),
           incomplete: options.resultTypes.includes('incomplete') ? keep(result.incomplete) : [] };
}

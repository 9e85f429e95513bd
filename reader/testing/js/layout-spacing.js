// Applies ([css, true]) or removes ([css, false]) a constructed stylesheet in the document
// and every open shadow root: WCAG 1.4.12's text spacing, allowed by a CSP without
// 'unsafe-inline'. Needs helpers.js. Returns: nothing.
([css, on]) => {
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
}

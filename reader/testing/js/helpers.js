// Installs window.__readerQA once per document, for the other scripts:
//   describe(el): { selector, text } naming an element in failure messages;
//   deepAll(selector): matching elements in the document and every open shadow root;
//   deepActive(): the focused element, looking inside shadow roots;
//   declarations(el, property): the author declarations of `property` that apply to `el`
//     (its style attribute, then matching rules of every readable style sheet of its
//     document or shadow root), as { where, text, important }, for naming what blocks a
//     change or what sized a control.
// Returns: nothing.
() => {
  if (window.__readerQA) return;
  function selectorOf(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; ) {
      let part = node.localName;
      if (node.id) { parts.unshift(part + '#' + CSS.escape(node.id)); break; }
      const cls = [...node.classList].slice(0, 2).map(c => '.' + CSS.escape(c)).join('');
      part += cls;
      const parent = node.parentElement;
      if (parent) {
        const same = [...parent.children].filter(c => c.localName === node.localName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      if (parent) { node = parent; continue; }
      const root = node.getRootNode();
      if (root && root.host) { parts.unshift('>>shadow>>'); node = root.host; } else break;
    }
    return parts.join(' > ').replace(/ > >>shadow>> > /g, ' >>shadow>> ');
  }
  function describe(el) {
    const text = (el.innerText || el.textContent || el.getAttribute('aria-label') || '')
      .replace(/\s+/g, ' ').trim();
    return { selector: selectorOf(el), text: text.length > 60 ? text.slice(0, 57) + '...' : text };
  }
  function deepAll(selector, root = document, out = []) {
    root.querySelectorAll(selector).forEach(el => out.push(el));
    root.querySelectorAll('*').forEach(el => {
      if (el.shadowRoot) deepAll(selector, el.shadowRoot, out);
    });
    return out;
  }
  function deepActive() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }
  function rulesOf(sheet, out) {  // style rules, inside @media/@supports/@layer too
    let rules;
    try { rules = sheet.cssRules; } catch (e) { return out; }  // another origin's sheet
    for (const rule of rules) {
      if (rule.selectorText !== undefined && rule.style) out.push([sheet, rule]);
      if (rule.cssRules && (!rule.media || matchMedia(rule.media.mediaText).matches)) {
        rulesOf(rule, out);
      }
    }
    return out;
  }
  function declarations(el, property) {
    const out = [];
    const inline = el.style && el.style.getPropertyValue(property);
    if (inline) {
      const important = el.style.getPropertyPriority(property) === 'important';
      out.push({ where: 'style attribute', important,
                 text: `${property}: ${inline}${important ? ' !important' : ''}` });
    }
    const root = el.getRootNode();
    const sheets = [...(root.styleSheets || []), ...(root.adoptedStyleSheets || [])]
      .filter(sheet => !sheet.__readerQA && !sheet.disabled);
    for (const sheet of sheets) {
      for (const [, rule] of rulesOf(sheet, [])) {
        const value = rule.style.getPropertyValue(property);
        let matches = false;
        try { matches = value && el.matches(rule.selectorText); } catch (e) {}
        if (!matches) continue;
        const important = rule.style.getPropertyPriority(property) === 'important';
        const file = (sheet.href || '').split('/').pop() || 'a <style> sheet';
        out.push({ where: file, important, text:
          `${rule.selectorText} { ${property}: ${value}${important ? ' !important' : ''} }` });
      }
    }
    return out;
  }
  window.__readerQA = { describe, deepAll, deepActive, declarations };
}

// Whether the page scrolls sideways, and the elements reaching furthest right (preferring
// those not inside a scrolling box). Needs helpers.js.
// Returns: { scroll: scrollWidth, client: clientWidth,
//   widest: up to 5 of { selector, text, problem } }.
() => {
  const d = document.documentElement, qa = window.__readerQA;
  const beyond = qa.deepAll('body *').filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > d.clientWidth + 1 && getComputedStyle(el).position !== 'fixed';
  });
  // Prefer elements not inside a scrolling box (those scroll there, not the page).
  const outside = beyond.filter(el => {
    for (let a = el.parentElement; a && a !== d; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return false;
    }
    return true;
  });
  const culprits = (outside.length ? outside : beyond).sort((a, b) =>
    b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return { scroll: d.scrollWidth, client: d.clientWidth,
           widest: culprits.slice(0, 5).map(el => ({ ...qa.describe(el),
             problem: `right edge at ${Math.round(el.getBoundingClientRect().right)}px` })) };
}

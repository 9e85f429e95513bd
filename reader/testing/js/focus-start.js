// Starts a walk through the keyboard stops: forgets earlier stops, blurs, scrolls to the top.
// Needs helpers.js. Returns: nothing.
() => { window.__readerQA.stops = []; document.activeElement?.blur(); window.scrollTo(0, 0); }

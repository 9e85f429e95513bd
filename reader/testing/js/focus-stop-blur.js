// Blurs keyboard stop `i`. Needs helpers.js. Returns: nothing.
(i) => window.__readerQA.stops[i].blur()

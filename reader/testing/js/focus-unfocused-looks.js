// The unfocused look of every recorded keyboard stop, in order.
// `look` is focus-look.js's function (bound in by Python). Needs helpers.js.
// Returns: an array of strings.
(look) => window.__readerQA.stops.map(look)

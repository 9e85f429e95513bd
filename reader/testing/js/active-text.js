// The text of the focused element (inside shadow roots too); '' when nothing is focused or
// helpers.js is not in this document (after a page load).
// Returns: a string.
() => window.__readerQA?.deepActive()?.textContent || ''

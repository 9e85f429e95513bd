// Blurs the focused element (inside shadow roots too) at the end of the walk.
// Needs helpers.js. Returns: nothing.
() => window.__readerQA.deepActive()?.blur()

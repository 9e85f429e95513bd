// The page's scroll width, before text spacing is changed.
// Returns: a number (CSS px).
() => document.documentElement.scrollWidth

// Scrolls the page back to where it was when a keyboard stop was focused.
// Returns: nothing.
([x, y]) => window.scrollTo(x, y)

// Starts a walk with the keyboard: blurs the focused element and scrolls to the top.
// Returns: nothing.
() => { document.activeElement?.blur(); window.scrollTo(0, 0); }

// Stubs window.print() so that printing opens no dialog, and counts the calls.
// Returns: nothing.
() => { window.__readerPrinted = 0; window.print = () => { window.__readerPrinted += 1; }; }

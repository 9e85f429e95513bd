// How many times window.print() ran since toolbar-print-stub.js stubbed it.
// Returns: a number.
() => window.__readerPrinted || 0

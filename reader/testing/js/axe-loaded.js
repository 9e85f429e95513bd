// Whether axe-core has been put into this document already.
// Returns: a boolean.
() => typeof window.axe === 'object'

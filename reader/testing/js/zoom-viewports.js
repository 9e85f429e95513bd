// The content attribute of every <meta name="viewport"> of the document (name matched
// without regard to case, as browsers do).
// Returns: an array of strings ('' for a meta element without content).
() => [...document.querySelectorAll('meta[name]')]
  .filter(meta => meta.name.trim().toLowerCase() === 'viewport')
  .map(meta => meta.getAttribute('content') || '')

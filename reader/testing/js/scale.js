// The reader's current text size in percent, or null when the page shows none.
// Our pages carry a #reader-scale marker; a script embed says the size in its status
// (inside the open shadow root of [data-reader-toolbar]).
// Returns: a number, or null.
() => {
  const marker = document.querySelector('#reader-scale[data-reader-scale]');
  if (marker) return Number(marker.dataset.readerScale);
  for (const host of document.querySelectorAll('[data-reader-toolbar]')) {
    const status = host.shadowRoot && host.shadowRoot.querySelector('[role=status]');
    const match = status && /(\d+)\s*%/.exec(status.textContent);
    if (match) return Number(match[1]);
  }
  return null;
}

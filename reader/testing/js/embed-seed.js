// An init script for a portal page: gives the script embed of `origin` a stored reader and
// text size, as if the reader had used the toolbar before. Only on the first page of the
// session, so that later changes stick. Runs in every frame; storage may be refused there.
// Returns: nothing.
(origin, reader, scale) => {
  try {
    if (!sessionStorage.getItem('reader-qa')) {
      localStorage.setItem('reader-embed@' + origin, JSON.stringify({ reader, scale }));
      sessionStorage.setItem('reader-qa', '1');
    }
  } catch (e) {}
}

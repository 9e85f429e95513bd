// Starts a walk through the keyboard stops from the top of the document, whatever had focus
// before: forgets earlier stops, blurs, and moves the sequential focus navigation starting
// point (which a blur or a click leaves where it was) to the start of the body, by focusing
// a temporary element there and removing it; scrolls to the top. Needs helpers.js.
// Returns: nothing.
() => {
  const qa = window.__readerQA;
  qa.stops = [];
  qa.deepActive()?.blur();
  const mark = document.createElement('span');
  mark.tabIndex = -1;
  document.body.prepend(mark);
  mark.focus({ preventScroll: true });
  mark.remove();
  window.scrollTo(0, 0);
}

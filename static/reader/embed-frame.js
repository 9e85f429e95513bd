/* Inside /embed/articles/<slug>: tell the portal framing us how tall the page is, so its
   embed-host.js can size the iframe. Only framing portals get the message (frame-ancestors
   already limits who can frame us); nothing else crosses the frame. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var parentOrigin = (location.ancestorOrigins && location.ancestorOrigins[0]) ||
    (document.referrer ? new URL(document.referrer).origin : null);
  if (!parentOrigin || parentOrigin === "null") return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "reader:height", height: height }, parentOrigin);
  }
  new ResizeObserver(post).observe(document.documentElement);
  addEventListener("load", post);
  post();
})();

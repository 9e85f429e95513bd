/* The portal's side of the iframe embed: sizes each reader iframe to its content.
 *
 *   <script src="https://READER-HOST/static/reader/embed-host.js" defer></script>
 *   <iframe src="https://READER-HOST/embed/articles/SLUG" title="..." data-reader-frame></iframe>
 *
 * Only messages from the reader host (event.origin) and from one of its iframes are obeyed.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var READER_ORIGIN = new URL(script.src).origin;
  addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== READER_ORIGIN || !data || data.type !== "reader:height") return;
    var height = Number(data.height);
    if (!(height > 0 && height < 1e6)) return;
    var frames = document.querySelectorAll("iframe[data-reader-frame]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = height + "px";
    }
  });
})();

/* reader toolbar: print, share and copy on top of links and forms that work without it.
 * Starts for each [data-module="reader-toolbar"] on load and after htmx adds content (htmx 4's
 * htmx:after:process, htmx 2's htmx:load). No dependencies, nothing evaluated: a strict CSP holds.
 * Its listeners sit on the toolbar, which htmx never replaces (only the size form inside it).
 * Every text it shows comes from the markup, already in the page's language. */
(function () {
  "use strict";

  function announce(toolbar, text) {
    var region = toolbar.querySelector("[role=status]");
    if (!region) return;
    // Emptied first, then filled: the same words again are still a change, so they are read out.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 100);
  }

  // The read-only field (and its label) that holds the address without JavaScript.
  function showCopyBox(toolbar, shown) {
    Array.prototype.forEach.call(toolbar.querySelectorAll("[data-reader-copy-box]"),
                                 function (el) { el.hidden = !shown; });
  }

  function copyLink(toolbar, link) {
    var url = link.getAttribute("data-url");
    var field = toolbar.querySelector("[data-reader-copy-field]");
    function fallback() {
      var copied = false;
      if (field) {
        showCopyBox(toolbar, true);
        field.focus();
        field.select();
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      }
      announce(toolbar, link.getAttribute(copied ? "data-reader-copied" : "data-reader-copy-failed"));
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) return fallback();
    navigator.clipboard.writeText(url).then(function () {
      showCopyBox(toolbar, false);
      announce(toolbar, link.getAttribute("data-reader-copied"));
    }, fallback);
  }

  function onClick(event) {
    var toolbar = event.currentTarget;
    var control = event.target.closest("[aria-disabled=true], [data-reader-print], " +
                                            "[data-reader-native-share], [data-reader-copy], " +
                                            "button[value^='speech_rate:']");
    if (!control || !toolbar.contains(control)) return;
    if (control.getAttribute("aria-disabled") === "true") {
      // A button at an end: keep the page as it is and say the size again. Caught while
      // capturing, before htmx's own listener on the button sends a request.
      event.preventDefault();
      event.stopPropagation();
      var region = toolbar.querySelector("[role=status]");
      if (region) announce(toolbar, region.textContent);
    } else if (control.hasAttribute("data-reader-print") && window.print) {
      event.preventDefault();
      window.print();
    } else if (control.hasAttribute("data-reader-native-share")) {
      navigator.share({ title: control.getAttribute("data-title"),
                        url: control.getAttribute("data-url") }).catch(function () {});
    } else if (control.hasAttribute("data-reader-copy")) {
      event.preventDefault();
      copyLink(toolbar, control);
    } else if (control.value.indexOf("speech_rate:") === 0) {
      // The Listen player reads its speed from this attribute before each sentence: the new
      // speed is heard at once, while the choice is stored.
      var rate = String(parseInt(control.value.split(":")[1], 10) / 100);
      Array.prototype.forEach.call(document.querySelectorAll("[data-reader-listen-rate]"),
                                   function (player) { player.setAttribute("data-reader-listen-rate", rate); });
    }
  }

  function onKeydown(event) {
    // The print link is a button once this script runs: Space prints too.
    if ((event.key === " " || event.key === "Spacebar") &&
        event.target.hasAttribute("data-reader-print")) {
      event.preventDefault();
      event.target.click();
      return;
    }
    // Escape closes an open menu (share, options) and gives focus back to its summary.
    var menu = event.key === "Escape" && event.target.closest("details[open]");
    if (menu && event.currentTarget.contains(menu)) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  }

  // htmx takes over a swapped-in form a moment after inserting it; a click in that moment would
  // leave the page with a plain POST. Hand such a click to htmx instead (once, so a broken htmx
  // still falls back to the plain form).
  function onSubmit(event) {
    var button = event.submitter;
    if (!window.htmx || !button || !button.hasAttribute("hx-post") ||
        button.hasAttribute("data-reader-retried")) return;
    event.preventDefault();
    button.setAttribute("data-reader-retried", "");
    window.htmx.process(event.target);
    // click() does nothing while the click that caused this submit is still being dispatched
    // (the button's "click in progress" flag), so hand the press over just after it. By then
    // another answer may have replaced the button: press the one now in the page.
    setTimeout(function () {
      var current = button.isConnected ? button : document.getElementById(button.id);
      if (current) current.click();
    }, 0);
  }

  function init(toolbar) {
    if (toolbar.hasAttribute("data-reader-started")) return;
    toolbar.setAttribute("data-reader-started", "");
    toolbar.addEventListener("click", onClick, true);
    toolbar.addEventListener("keydown", onKeydown);
    toolbar.addEventListener("submit", onSubmit);
    // With JavaScript: print is a button (it prints in place), copy is a button.
    var print = toolbar.querySelector("[data-reader-print]");
    if (print && window.print) print.setAttribute("role", "button");
    var copy = toolbar.querySelector("[data-reader-copy]");
    if (copy) {
      copy.hidden = false;
      showCopyBox(toolbar, false);
    }
    var share = toolbar.querySelector("[data-reader-native-share]");
    var menu = toolbar.querySelector("[data-reader-share-menu]");
    if (share && typeof navigator.share === "function") {
      share.hidden = false;
      if (menu) menu.hidden = true;  // the browser's own sheet copies and mails too
    }
  }

  function start(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var selector = "[data-module=reader-toolbar]";
    if (scope.matches && scope.matches(selector)) init(scope);
    Array.prototype.forEach.call(scope.querySelectorAll(selector), init);
  }

  // htmx 2 leaves 4xx/5xx responses unswapped: show their message in the status region anyway.
  function onHtmx2Error(event) {
    var detail = event.detail || {};
    var toolbar = detail.elt && detail.elt.closest && detail.elt.closest("[data-module=reader-toolbar]");
    if (!toolbar || !detail.xhr) return;
    var doc = new DOMParser().parseFromString(detail.xhr.responseText || "", "text/html");
    var message = doc.querySelector(".reader-toolbar__error");
    if (message) announce(toolbar, message.textContent);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
  document.addEventListener("htmx:after:process", function (event) { start(event.target); });
  document.addEventListener("htmx:load", function (event) { start(event.target); });
  document.addEventListener("htmx:responseError", onHtmx2Error);
})();

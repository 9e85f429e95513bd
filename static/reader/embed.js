/* reader embed: the reading toolbar on a portal's own article page.
 *
 *   <script src="https://READER-HOST/static/reader/embed.js" defer></script>
 *   <div data-reader-toolbar data-reader-target="#article-body"></div>
 *
 * The toolbar lives in a shadow root (our styles stay in, the portal's stay out); text size
 * writes font-size and line-height as inline !important px on the target and its descendants
 * only, computed from their own sizes, so px-sized text grows and lines never overlap. The other
 * reading choices (line spacing, spacing, width, colours, font) are data-reader-* attributes on
 * the target, styled by embed-target.css, which loads once a reader makes one. One
 * global (ReaderEmbed), no htmx, plain fetch to the reader host. Preferences: the reader id and
 * size in this site's localStorage, sent as a header; see docs/embedding.md.
 */
(function () {
  "use strict";
  if (window.ReaderEmbed) return;
  var script = document.currentScript;
  if (!script || !script.src) return;
  var BASE = script.src.replace(/\/static\/reader\/embed\.js(\?.*)?$/, "");
  var READER_ORIGIN = new URL(BASE).origin;
  var STORE_KEY = "reader-embed@" + READER_ORIGIN;
  var SKIP = /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|BR|WBR|IMG|VIDEO|AUDIO|IFRAME|CANVAS|svg)$/;
  var OWN_SIZE = 100;  // percent: the page's own text size, left untouched (not a step)
  var state = { scale: OWN_SIZE, reader: null, token: null, steps: null, data: null, query: "",
    choices: {} };
  var targets = [];   // { el, saved: Map(element -> original inline values), observer }
  var toolbars = [];  // { buttons: {...}, status }

  function log(message) { console.error("Reader toolbar: " + message); }

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try {
      if (state.reader) {
        localStorage.setItem(STORE_KEY, JSON.stringify({ reader: state.reader, scale: state.scale }));
      } else {
        localStorage.removeItem(STORE_KEY);
      }
    } catch (e) { /* storage blocked: the partitioned cookie still carries the reader id */ }
  }

  // Text size -----------------------------------------------------------------------------
  function restore(target) {
    target.saved.forEach(function (v, el) {
      el.style.setProperty("font-size", v[0], v[1]);
      el.style.setProperty("line-height", v[2], v[3]);
      if (!el.getAttribute("style")) el.removeAttribute("style");
    });
    target.saved.clear();
  }

  function resizeTarget(target, scale) {
    restore(target);
    if (scale === OWN_SIZE) return;
    var ratio = scale / OWN_SIZE, chosenLines = target.el.hasAttribute("data-reader-line-height");
    var els = [target.el].concat(Array.prototype.slice.call(target.el.querySelectorAll("*")))
      .filter(function (el) {
        return !SKIP.test(el.tagName) && !el.hasAttribute("data-reader-toolbar") &&
          !(el.closest && el.closest("svg"));
      });
    var sizes = els.map(function (el) {
      var cs = getComputedStyle(el);
      return [parseFloat(cs.fontSize), cs.lineHeight];
    });
    var heights = els.map(function (el, i) {
      var s = el.style, lh = sizes[i][1];
      target.saved.set(el, [s.getPropertyValue("font-size"), s.getPropertyPriority("font-size"),
        s.getPropertyValue("line-height"), s.getPropertyPriority("line-height")]);
      s.setProperty("font-size", (sizes[i][0] * ratio).toFixed(2) + "px", "important");
      if (lh === "normal" || chosenLines) return null;  // a chosen line spacing is relative
      var height = (parseFloat(lh) * ratio).toFixed(2) + "px";
      // Not !important, so a reader's own text-spacing styles still win (WCAG 1.4.12)...
      s.setProperty("line-height", height);
      return height;
    });
    els.forEach(function (el, i) {  // ...unless the portal's own line-height is !important
      if (heights[i] && Math.abs(parseFloat(getComputedStyle(el).lineHeight) -
          parseFloat(heights[i])) > 0.05) {
        el.style.setProperty("line-height", heights[i], "important");
      }
    });
  }

  function applyScale(scale) {
    state.scale = scale;
    targets.forEach(function (t) { resizeTarget(t, scale); });
    toolbars.forEach(render);
  }

  // The other choices -----------------------------------------------------------------------
  var targetSheet = null;
  function applyChoices(choices) {
    state.choices = choices || {};
    (state.data ? state.data.options : []).forEach(function (o) {
      var value = state.choices[o.name], name = "data-reader-" + o.name.replace("_", "-");
      targets.forEach(function (t) {
        if (value && value !== o.default) t.el.setAttribute(name, value);
        else t.el.removeAttribute(name);
        if (value && value !== o.default && !targetSheet) {
          targetSheet = el("link", { rel: "stylesheet", href: BASE + "/static/reader/embed-target.css" });
          document.head.append(targetSheet);
        }
      });
    });
    applyScale(state.scale);  // line heights follow the chosen spacing, or the size again
  }

  var pending = 0;
  function reapplySoon() {  // new content in the article, or another viewport width
    if (pending || state.scale === OWN_SIZE) return;
    pending = requestAnimationFrame(function () { pending = 0; applyScale(state.scale); });
  }

  // Talking to the reader host --------------------------------------------------------------
  function request(method, path, body) {
    var headers = {};
    if (state.reader) headers["X-Reader-Id"] = state.reader;
    if (body) { headers["Content-Type"] = "application/json"; headers["X-Reader-Token"] = state.token; }
    return fetch(BASE + path, {
      method: method, headers: headers, credentials: "include", mode: "cors",
      body: body ? JSON.stringify(body) : undefined
    });
  }

  function statusText(scale) {
    var labels = state.data.labels, steps = state.steps;
    var text = labels.status.replace("{scale}", scale);
    if (scale >= steps[steps.length - 1]) text += " (" + labels.largest + ")";
    else if (scale <= steps[0]) text += " (" + labels.smallest + ")";
    return text;
  }

  function announce(text) { toolbars.forEach(function (t) { t.status.textContent = text; }); }

  function choose(action) {
    queue = queue.then(function () { return send(action); }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || r.statusText);
        state.reader = data.reader;
        state.scale = data.scale;
        applyChoices(data.choices);
        announce(data.message);
        save();
      });
    }).catch(function (error) { announce(error.message || String(error)); });
  }

  function change(action) {
    var steps = state.steps, i = steps.indexOf(state.scale), before = state.scale;
    var next = action === "reset" ? state.data.default
      : steps[Math.max(0, Math.min(steps.length - 1, i + (action === "increase" ? 1 : -1)))];
    if (next === before) return;
    applyScale(next);  // at once; the server confirms (or refuses) below
    announce(statusText(next));
    // One POST at a time, so quick clicks reach the server in order and a new reader's id,
    // issued by the first answer, goes with the next; only the last answer settles the size.
    var mine = ++sent;
    queue = queue.then(function () { return send(action); }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || r.statusText);
        state.reader = data.reader;
        if (mine === sent && data.scale !== state.scale) {
          applyScale(data.scale);
          announce(statusText(data.scale));
        }
        save();
      });
    }).catch(function (error) {
      if (mine === sent) applyScale(before);
      announce(error.message || String(error));
    });
  }
  var queue = Promise.resolve(), sent = 0;

  function post(action) {
    return request("POST", "/embed/text-size?locale=" + state.data.lang, { action: action });
  }
  function send(action) {
    return post(action).then(function (r) {
      if (r.status !== 400) return r;
      // An expired token: fetch a new one and send the same change again, unnoticed.
      return r.clone().json().then(function (data) {
        return data.renew ? renewToken().then(function () { return post(action); }) : r;
      });
    });
  }

  // The token expires (READER_EMBED_TOKEN_MAX_AGE): the toolbar's JSON gives a new one.
  function renewToken() {
    return request("GET", "/embed/toolbar" + state.query).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) { state.token = data.token; });
  }

  // The toolbar ----------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.append(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function button(icon, label, attrs) {
    return el("button", Object.assign({ type: "button", class: "button" }, attrs || {}),
      [el("span", { class: "icon", "aria-hidden": "true" }, [icon]), " " + label]);
  }

  function render(t) {
    var steps = state.steps, scale = state.scale;
    setDisabled(t.buttons.decrease, scale <= steps[0]);
    setDisabled(t.buttons.increase, scale >= steps[steps.length - 1]);
    setDisabled(t.buttons.reset, scale === state.data.default);
    t.choices.forEach(function (b) {
      var pair = b.value.split(":");
      b.setAttribute("aria-pressed", String(state.choices[pair[0]] === pair[1]));
    });
  }
  function setDisabled(b, off) {
    if (off) b.setAttribute("aria-disabled", "true"); else b.removeAttribute("aria-disabled");
  }

  function build(placeholder, lang) {
    var d = state.data, L = d.labels, share = d.share;
    var url = placeholder.getAttribute("data-reader-url") || location.href;
    var title = placeholder.getAttribute("data-reader-title") || document.title;
    if (url !== share.url) share = shareFor(url, title);
    var t = { buttons: {}, choices: [] };
    ["decrease", "increase", "reset"].forEach(function (a) {
      t.buttons[a] = button({ decrease: "A\u2212", increase: "A+", reset: "A" }[a], L[a]);
      t.buttons[a].addEventListener("click", function () {
        if (this.getAttribute("aria-disabled") !== "true") change(a);
      });
    });
    var groups = d.options.map(function (o) {
      return el("fieldset", { class: "choice" }, [el("legend", {}, [o.label])].concat(
        o.values.map(function (v) {
          var b = el("button", { type: "button", class: "button", value: o.name + ":" + v[0] }, [v[1]]);
          b.addEventListener("click", function () { choose(this.value); });
          t.choices.push(b);
          return b;
        })));
    });
    var all = el("button", { type: "button", class: "button" }, [L.reset_all]);
    all.addEventListener("click", function () { choose("reset-all"); });
    var options = el("details", { class: "options" }, [
      el("summary", { class: "button" }, [el("span", { class: "icon", "aria-hidden": "true" },
        ["\u2630"]), " " + L.options]),
      el("div", { class: "panel" }, groups.concat([all]))]);
    var print = button("\u2399", L.print);
    print.addEventListener("click", function () { window.print(); });
    var controls = [el("div", { class: "group" }, [t.buttons.decrease, t.buttons.increase,
      t.buttons.reset]), options, print];
    if (navigator.share) {
      var native = button("\u2197", L.share);
      native.addEventListener("click", function () {
        navigator.share({ url: url, title: title }).catch(function () {});
      });
      controls.push(native);
    } else {
      var copy = el("button", { type: "button", class: "link" }, [L.copy]);
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () { announce(L.copied); },
          function () { announce(url); });
      });
      var items = [el("li", {}, [copy])].concat(share.links.map(function (link) {
        return el("li", {}, [el("a", { class: "link", href: link.href, target: "_blank",
          rel: "noopener noreferrer" }, [link.label])]);
      }));
      controls.push(el("details", { class: "share" }, [
        el("summary", { class: "button" }, [el("span", { class: "icon", "aria-hidden": "true" },
          ["\u2197"]), " " + L.share]),
        el("ul", { class: "share-list" }, items)]));
    }
    t.status = el("p", { class: "status", role: "status" }, [statusText(state.scale)]);
    var root = placeholder.shadowRoot || placeholder.attachShadow({ mode: "open" });
    var sheet = el("link", { rel: "stylesheet", href: BASE + "/static/reader/embed.css" });
    var bar = el("div", { class: "toolbar", role: "group", "aria-label": L.toolbar, lang: lang,
      hidden: "" }, [el("div", { class: "controls" }, controls), t.status]);
    sheet.addEventListener("load", function () { bar.removeAttribute("hidden"); });
    sheet.addEventListener("error", function () { bar.removeAttribute("hidden"); });
    root.replaceChildren(sheet, bar);
    toolbars.push(t);
    render(t);
  }

  function shareFor(url, title) {  // the same links the server builds, for another address
    var q = encodeURIComponent, links = state.data.share.links;
    var hrefs = ["mailto:?subject=" + q(title) + "&body=" + q(url),
      "https://www.facebook.com/sharer/sharer.php?u=" + q(url),
      "https://sp.zalo.me/share_inline?url=" + q(url),
      "https://x.com/intent/post?url=" + q(url) + "&text=" + q(title)];
    return { url: url, title: title, links: links.map(function (l, i) {
      return { label: l.label, href: hrefs[i] || l.href };
    }) };
  }

  // Start ----------------------------------------------------------------------------------
  function language(placeholder) {
    var lang = (placeholder.getAttribute("data-reader-lang") ||
      document.documentElement.lang || "vi").toLowerCase().slice(0, 2);
    return lang === "en" ? "en" : "vi";
  }

  function scan(root) {
    var found = Array.prototype.slice.call((root || document).querySelectorAll("[data-reader-toolbar]"))
      .filter(function (p) { return !p.hasAttribute("data-reader-started"); });
    if (!found.length) return;
    var ready = [];
    found.forEach(function (p) {
      p.setAttribute("data-reader-started", "");
      var selector = p.getAttribute("data-reader-target"), target = null;
      try { target = selector && document.querySelector(selector); } catch (e) { /* bad selector */ }
      if (!target) {
        log("data-reader-target=\"" + selector + "\" names no element on this page; no toolbar.");
        return;
      }
      if (!targets.some(function (t) { return t.el === target; })) {
        var entry = { el: target, saved: new Map() };
        entry.observer = new MutationObserver(reapplySoon);
        entry.observer.observe(target, { childList: true, subtree: true });
        targets.push(entry);
      }
      ready.push(p);
    });
    if (!ready.length) return;
    var lang = language(ready[0]);
    var stored = load();
    state.reader = stored.reader || null;
    if (stored.scale && !state.data) applyScale(stored.scale);  // no flash while we ask
    var query = "?locale=" + lang + "&url=" + encodeURIComponent(
      ready[0].getAttribute("data-reader-url") || location.href) + "&title=" +
      encodeURIComponent(ready[0].getAttribute("data-reader-title") || document.title);
    state.query = query;
    request("GET", "/embed/toolbar" + query).then(function (r) {
      if (r.status === 503) {  // the reader's database is down: say so, not "not registered"
        return r.json().then(function (data) {
          var error = new Error(data.error);
          error.unavailable = true;
          throw error;
        });
      }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      state.data = data; state.steps = data.steps; state.token = data.token;
      state.reader = data.reader;
      save();
      state.scale = data.scale;
      ready.forEach(function (p) { build(p, language(p)); });
      applyChoices(data.choices);
    }, function (error) {
      applyScale(OWN_SIZE);
      if (error.unavailable) return log(error.message);
      log(location.origin + " is not registered with " + READER_ORIGIN + " (or it could not be " +
        "reached: " + error.message + "), so no toolbar is shown. Its operator registers a " +
        "portal with: flask --app reader portal add --origin " + location.origin + " --name NAME");
    });
  }

  addEventListener("resize", reapplySoon);
  window.ReaderEmbed = { scan: scan, version: "1" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
})();

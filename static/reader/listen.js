/* "Listen": templates/reader/components/listen/README.md */
(() => {
  "use strict";
  const synth = window.speechSynthesis;
  const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dd,dt,blockquote,figcaption,td,th";
  const MARK = "reader-listen-current";
  let active = null;

  const data = (root, name) => root.getAttribute("data-reader-listen-" + name);
  const all = (scope, selector) => Array.from(scope.querySelectorAll(selector));

  function voiceFor(root) {
    const want = data(root, "lang"), network = root.hasAttribute("data-reader-listen-network-voices");
    const fit = synth.getVoices().filter((v) => (v.localService || network) &&
      (v.lang + "-").startsWith(want.split("-")[0] + "-"));
    return fit.find((v) => v.lang === want) || fit[0];
  }

  const blocks = (root) => all(document, data(root, "target"))
    .flatMap((el) => el.matches(BLOCKS) ? [el] : all(el, BLOCKS))
    .filter((block) => !block.querySelector(BLOCKS));

  function chunks(root) {
    const list = [];
    for (const block of blocks(root)) {
      const nodes = [], walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let text = "";
      while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
      const sentences = Intl.Segmenter
        ? new Intl.Segmenter(data(root, "lang"), { granularity: "sentence" }).segment(text)
        : [{ index: 0, segment: text }];
      for (const { index, segment } of sentences) {
        if (segment.trim()) list.push([block, nodes, index, index + segment.length, segment.trim()]);
      }
    }
    return list;
  }

  function clear() {
    if (window.Highlight) CSS.highlights.delete("reader-listen");
    all(document, "." + MARK).forEach((el) => el.classList.remove(MARK));
  }

  function highlight([block, nodes, start, end]) {
    const range = document.createRange();
    const at = (n, last) => nodes.find(([node, offset]) => n < offset + node.data.length + last);
    const [first, from] = at(start, 0), [final, to] = at(end, 1);
    range.setStart(first, start - from);
    range.setEnd(final, end - to);
    clear();
    if (window.Highlight) CSS.highlights.set("reader-listen", new Highlight(range));
    else block.classList.add(MARK);
    const box = range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > innerHeight) scrollBy({
      top: box.top - Math.max(0, innerHeight - box.height) / 3,
      behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
    });
  }

  function render(root, state, say) {
    const play = root.querySelector("[data-reader-listen-play]");
    const next = { playing: "pause", paused: "resume" }[state] || "play";
    const status = root.querySelector("[role=status]");
    play.textContent = play.getAttribute("data-label-" + next);
    root.querySelector("[data-reader-listen-stop]").setAttribute("aria-disabled", state === "idle");
    if (say) status.textContent = status.getAttribute("data-" + say);
  }

  function silence(player) {
    player.utterance = null;  // first: cancel() may fire its events at once
    synth.cancel();
  }

  function end(say) {
    const player = active;
    if (!player) return;
    active = null;
    silence(player);
    clear();
    render(document.getElementById(player.id), "idle", say);
  }

  function speakNext() {
    const player = active, chunk = player.chunks[0], root = document.getElementById(player.id);
    const voice = voiceFor(root), rate = parseFloat(data(root, "rate"));
    if (!chunk || !voice) return end(chunk ? "stopped" : "finished");
    const utterance = new SpeechSynthesisUtterance(chunk[4]);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = rate > 0 ? rate : 1;
    utterance.onend = utterance.onerror = (event) => {
      if (active !== player || player.utterance !== utterance) return;
      if (event.type === "end") player.chunks.shift(), speakNext();
      else end("stopped");
    };
    player.utterance = utterance;  // kept: Chrome drops a collected one's events
    highlight(chunk);
    synth.speak(utterance);
  }

  function onClick(event) {
    const root = event.target.closest("[data-module=reader-listen]");
    const button = root && event.target.closest("button");
    const player = button && active && active.id === root.id && active;
    if (!button) return;
    if (button.hasAttribute("data-reader-listen-stop")) {
      if (player) end("stopped");
    } else if (player && player.utterance) {
      silence(player);
      render(root, "paused", "paused");
    } else {
      if (!player) {
        end(null);
        active = { id: root.id, chunks: chunks(root) };
      }
      render(root, "playing", "playing");
      speakNext();
    }
  }

  function check() {
    for (const root of all(document, "[data-module=reader-listen]")) {
      const mine = active && active.id === root.id;
      root.hidden = !(mine || voiceFor(root) && blocks(root).length);
      if (mine) render(root, active.utterance ? "playing" : "paused");
    }
  }

  if (!synth) return;
  synth.addEventListener("voiceschanged", check);
  addEventListener("pagehide", () => end(null));
  document.addEventListener("click", onClick);
  for (const type of ["DOMContentLoaded", "htmx:load", "htmx:after:process"]) document.addEventListener(type, check);
  if (document.readyState !== "loading") check();
})();

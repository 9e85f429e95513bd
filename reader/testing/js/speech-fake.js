// Replaces window.speechSynthesis and SpeechSynthesisUtterance with a deterministic fake, before
// the page's scripts run (page.add_init_script). Nothing is spoken: each utterance is recorded
// in window.__readerSpeech.spoken ({text, lang, rate, voice}) and stays the one speaking until
// the test calls __readerSpeech.boundary(charIndex) or __readerSpeech.finish() (its `end`, then
// the next one queued starts). cancel() fires `error` ("interrupted", then "canceled" for the
// queued ones) at once, as the real one may. __readerSpeech.setVoices(list) fires
// voiceschanged. `voices`: [{name, lang, localService, default}]. Returns: nothing.
(voices) => {
  const calls = [];
  const spoken = [];
  let queue = [];
  let current = null;
  let list = voices.map((voice) => ({ voiceURI: voice.name, default: false, localService: true, ...voice }));
  const fire = (utterance, type, extra) => {
    const event = new Event(type);
    Object.assign(event, { utterance, charIndex: 0, elapsedTime: 0, name: "", ...extra });
    utterance.dispatchEvent(event);
    if (typeof utterance["on" + type] === "function") utterance["on" + type](event);
  };
  const next = () => {
    current = queue.shift() || null;
    if (current) {
      spoken.push({
        text: current.text,
        lang: current.lang,
        rate: current.rate,
        voice: current.voice ? current.voice.name : null,
      });
      fire(current, "start");
    }
  };
  class FakeUtterance extends EventTarget {
    constructor(text) {
      super();
      Object.assign(this, { text: text || "", lang: "", voice: null, rate: 1, pitch: 1, volume: 1 });
    }
  }
  class FakeSynthesis extends EventTarget {
    get speaking() { return current !== null; }
    get pending() { return queue.length > 0; }
    get paused() { return false; }
    getVoices() { return list.slice(); }
    speak(utterance) {
      calls.push("speak");
      queue.push(utterance);
      if (!current) next();
    }
    cancel() {
      calls.push("cancel");
      const speaking = current;
      const dropped = speaking ? [speaking, ...queue] : queue;
      current = null;
      queue = [];
      dropped.forEach((u) => fire(u, "error", { error: u === speaking ? "interrupted" : "canceled" }));
    }
    pause() { calls.push("pause"); }
    resume() { calls.push("resume"); }
  }
  const synthesis = new FakeSynthesis();
  Object.defineProperty(window, "speechSynthesis", { value: synthesis, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: FakeUtterance, configurable: true });
  window.__readerSpeech = {
    calls,
    spoken,
    get speaking() { return current ? current.text : null; },
    boundary(charIndex) { if (current) fire(current, "boundary", { charIndex, name: "word" }); },
    finish() {
      const done = current;
      if (!done) return false;
      current = null;
      fire(done, "end");
      if (!current) next();
      return true;
    },
    setVoices(voices) {
      list = voices.map((voice) => ({ voiceURI: voice.name, default: false, localService: true, ...voice }));
      synthesis.dispatchEvent(new Event("voiceschanged"));
    },
  };
}

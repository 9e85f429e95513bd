"""A fake `speechSynthesis` for the "Listen" component's browser tests: deterministic, silent,
recording every utterance, and ending one only when the test says so."""

from playwright.sync_api import Page

from reader.testing import _js

FAKE_JS = _js.load("speech-fake.js")

VIETNAMESE_VOICE = {"name": "Tiếng Việt (máy)", "lang": "vi-VN", "localService": True}
ENGLISH_VOICE = {"name": "English (UK)", "lang": "en-GB", "localService": True}
NETWORK_VIETNAMESE_VOICE = {
    "name": "Google Tiếng Việt",
    "lang": "vi-VN",
    "localService": False,
}


class FakeSpeech:
    """Installs the fake in `page` before any of its scripts run (call before `page.goto`)."""

    def __init__(self, page: Page, voices: list[dict] | None = None):
        self.page = page
        page.add_init_script(_js.call(FAKE_JS, [VIETNAMESE_VOICE] if voices is None else voices))

    def spoken(self) -> list[dict]:
        """Every utterance started so far: {text, lang, rate, voice}."""
        return self.page.evaluate("window.__readerSpeech.spoken")

    def calls(self) -> list[str]:
        """The page's calls of speak, cancel, pause and resume, in order."""
        return self.page.evaluate("window.__readerSpeech.calls")

    def speaking(self) -> str | None:
        """The text of the utterance being spoken, if any."""
        return self.page.evaluate("window.__readerSpeech.speaking")

    def wait_for_spoken(self, count: int) -> list[dict]:
        """Waits until `count` utterances have started; returns them all."""
        self.page.wait_for_function(f"window.__readerSpeech.spoken.length >= {int(count)}")
        return self.spoken()

    def finish(self) -> bool:
        """Ends the utterance being spoken (its `end` event); False when none was."""
        return self.page.evaluate("window.__readerSpeech.finish()")

    def boundary(self, char_index: int) -> None:
        self.page.evaluate("window.__readerSpeech.boundary", char_index)

    def set_voices(self, voices: list[dict]) -> None:
        """Changes the voices and fires `voiceschanged`, as Chrome does once they have loaded."""
        self.page.evaluate("window.__readerSpeech.setVoices", voices)

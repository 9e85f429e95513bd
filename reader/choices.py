"""The reading choices besides the size, defined once: the server, the toolbar macro, its CSS and
the QA kit read them from here.

Each choice has a one-letter key and short codes for its values, which make up the variant
cookie (`s120-l20-td`) and the `choices` column: only values other than the default are written,
in this order, so readers with the same choices get the same variant and the same bytes.

Standard library only, so the QA kit can import it without Flask.
"""

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a label for translation (Babel extracts `N_`); templates translate it on output."""
    return message


@dataclass(frozen=True)
class Choice:
    """One reading choice: its field name, variant key, values (code, label) and default."""

    name: str
    key: str
    label: str
    values: tuple[tuple[str, str], ...]
    default: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.values)

    def label_of(self, code: str) -> str:
        return dict(self.values)[code]


CHOICES = (
    Choice(
        "line_height",
        "l",
        N_("Line spacing"),
        (("15", N_("1.5")), ("17", N_("1.7")), ("20", N_("2.0"))),
        "17",
    ),
    Choice(
        "spacing",
        "p",
        N_("Letter and word spacing"),
        (("n", N_("Normal")), ("w", N_("Wider"))),
        "n",
    ),
    Choice(
        "width",
        "w",
        N_("Line length"),
        (("n", N_("Narrow")), ("m", N_("Medium")), ("w", N_("Wide"))),
        "m",
    ),
    Choice(
        "theme",
        "t",
        N_("Colours"),
        (
            ("a", N_("Automatic")),
            ("l", N_("Light")),
            ("s", N_("Sepia")),
            ("d", N_("Dark")),
            ("c", N_("High contrast")),
        ),
        "a",
    ),
    Choice(
        "font",
        "f",
        N_("Font"),
        (("s", N_("Serif")), ("a", N_("Sans-serif")), ("l", N_("Easy to read"))),
        "s",
    ),
    Choice(
        "speech_rate",
        "r",
        N_("Listening speed"),
        (("75", N_("0.75×")), ("100", N_("1×")), ("125", N_("1.25×")), ("150", N_("1.5×"))),
        "100",
    ),
)
CHOICES_BY_NAME = {choice.name: choice for choice in CHOICES}

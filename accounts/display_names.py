"""Display names: the names the platform gives, and the one rule for names people choose.

The platform names people itself in three cases — an account without a display name
("Anonym användare"), a deleted account ("Borttagen användare") and a participant of a test
round ("Deltagare 3"). Those texts are defined here, used by `User.public_name` and
`Participation.pseudonym`, and reserved by `validate_display_name` in every language the
site speaks, so the list cannot drift from what the pages show.

`validate_display_name` is the validator of `User.display_name`: `full_clean`, the
my-account form, the API serializer, the admin and single sign-on all go through it. It
refuses names that could be mistaken for the platform, its staff or a generated name.

How a name is compared (`_fold`): NFKC (full-width, mathematical and other compatibility
letters become plain ones); combining marks dropped, so "Deltägare" is "Deltagare";
invisible format characters dropped (zero-width space and joiners, soft hyphen, word
joiner, byte-order mark, Hangul fillers); Cyrillic and Greek letters that look like Latin
ones mapped to those (`_LOOK_ALIKES`, upper and lower case, since case is folded only
afterwards); case folded; i, l, | and the like made one letter and "rn" read as "m", as
they look the same in many fonts. The name is then a list of words (runs of letters and
digits, anything else separates them); for role words the digits 0 and 1 count as o and l.
Words are compared, not substrings: "Adminah" and "Stafford" are names, "Admin" is not.
Only the platform's own name is also found inside a word or spread over words
("DelahubSupport", "Dela hub"). Not covered: look-alikes from other scripts (Armenian,
Cherokee …), letters drawn with symbols, and other digit spellings ("4dm1n").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The names the platform gives. Keep them here: the validator reserves exactly these.
ANONYMOUS_USER = _("Anonymous user")
DELETED_USER = _("Deleted user")
PARTICIPANT = _("Participant %(number)s")

PLATFORM = "Delahub"

# Words of authority, refused as words of a name (English and Swedish, with the inflected
# forms people write). Kept to words nobody is called; "service" is left out (a surname).
AUTHORITY_WORDS = (
    "admin",
    "admins",
    "administrator",
    "administrators",
    "administratör",
    "administratören",
    "administratörer",
    "administratörerna",
    "sysadmin",
    "superadmin",
    "superuser",
    "webmaster",
    "moderator",
    "moderators",
    "moderatorn",
    "moderatorer",
    "moderatorerna",
    "support",
    "supporten",
    "supportteam",
    "supportteamet",
    "helpdesk",
    "kundtjänst",
    "kundtjänsten",
    "kundservice",
    "staff",
    "personal",
    "personalen",
    "official",
    "officiell",
    "platform",
    "plattform",
    "plattformen",
    "system",
    "systemet",
    "noreply",
)

# Words that may stand between a pseudonym's word and its number ("Deltagare nr 3").
_NUMBER_WORDS = ("nr", "no", "number", "nummer")

# Cyrillic and Greek letters that look like Latin ones (upper and lower case separately:
# Greek Η looks like H, η like n), and a few Latin letters with strokes NFD keeps whole.
_LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "А": "A", "а": "a", "В": "B", "в": "b", "Е": "E", "е": "e",
        "К": "K", "к": "k", "М": "M", "м": "m", "Н": "H", "н": "h", "О": "O", "о": "o",
        "Р": "P", "р": "p", "С": "C", "с": "c", "Т": "T", "т": "t", "У": "Y", "у": "y",
        "Х": "X", "х": "x", "Ѕ": "S", "ѕ": "s", "І": "I", "і": "i",
        "Ј": "J", "ј": "j", "Ԁ": "D", "ԁ": "d", "Ԛ": "Q", "ԛ": "q", "Ԝ": "W", "ԝ": "w",
        "Һ": "h", "һ": "h", "Ӏ": "l", "ӏ": "l", "Ү": "Y", "ү": "y", "Ь": "b", "ь": "b",
        "Ѵ": "V", "ѵ": "v", "Ԍ": "G", "ԍ": "g",
        # Greek
        "Α": "A", "α": "a", "Β": "B", "β": "b", "Ε": "E", "ε": "e", "Ζ": "Z", "Η": "H",
        "η": "n", "Ι": "I", "ι": "i", "Κ": "K", "κ": "k", "Μ": "M", "Ν": "N", "ν": "v",
        "Ο": "O", "ο": "o", "Ρ": "P", "ρ": "p", "Τ": "T", "τ": "t", "Υ": "Y", "υ": "u",
        "Χ": "X", "χ": "x", "Ϲ": "C", "ϲ": "c", "ϳ": "j", "ϒ": "Y",
        # Latin letters that do not decompose, and vertical strokes
        "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h",
        "ŧ": "t", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ǀ": "l", "|": "l", "¦": "l",
    }
)  # fmt: skip

# Characters that take no room: dropped before comparing.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
# Embeddings, overrides and isolates reorder what follows: "\u202enimda" shows as "admin".
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_WORD = re.compile(r"[^\W_]+")
_DIGITS_AS_LETTERS = str.maketrans({"0": "o", "1": "l"})


def _fold(text: str) -> str:
    """The text as it looks, for comparing (see the module docstring)."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    text = "".join(
        c
        for c in text
        if unicodedata.category(c) not in _INVISIBLE_CATEGORIES and c not in _FILLERS
    )
    text = unicodedata.normalize("NFKC", text.translate(_LOOK_ALIKES).casefold())
    return text.replace("i", "l").replace("rn", "m")


def _words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _as_letters(words: list[str]) -> list[str]:
    return [w.translate(_DIGITS_AS_LETTERS) for w in words]


_PLATFORM = _words(PLATFORM)[0]
_AUTHORITY = {_words(word)[0]: word for word in AUTHORITY_WORDS}


@dataclass(frozen=True)
class _Generated:
    """A name the platform gives, in one language, as words. A pseudonym has a number
    between `words` and `after_number`."""

    shown: str
    words: list[str]
    is_pseudonym: bool = False
    after_number: tuple[str, ...] = ()


def _generated_names() -> list[_Generated]:
    """The generated names in every language of the site, as their words."""
    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for fixed in (ANONYMOUS_USER, DELETED_USER):
                names.append(_Generated(str(fixed), _words(str(fixed))))
            before, _marker, after = str(PARTICIPANT).partition("%(number)s")
            shown = str(PARTICIPANT) % {"number": "N"}
            names.append(_Generated(shown, _words(before), True, tuple(_words(after))))
    return names


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _is_pseudonym(words: list[str], name: _Generated) -> bool:
    """ "Deltagare 3", "deltagare3", "Deltagare nr 3" and "Deltagare" alone."""
    if words == [*name.words, *name.after_number]:
        return True
    before = re.escape(" ".join(name.words))
    after = "".join(" " + re.escape(word) for word in name.after_number)
    number_word = "|".join(_NUMBER_WORDS)
    pattern = rf"(?:^| ){before} ?(?:(?:{number_word}) )?\d+{after}(?: |$)"
    return re.search(pattern, " ".join(words)) is not None


def _names_platform(words: list[str]) -> bool:
    if any(_PLATFORM in word for word in words):
        return True
    # Spread over words: "Dela hub", "D e l a h u b" (but not "Adela Hubert").
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined == _PLATFORM:
                return True
            if not _PLATFORM.startswith(joined):
                break
    return False


def reserved_part(value: str) -> tuple[str, str] | None:
    """What makes a display name reserved, as (kind, the reserved word or name as shown),
    kind being "authority" or "generated"; None for a name anyone may take."""
    words = _words(value)
    if _names_platform(_as_letters(words)):
        return ("authority", PLATFORM)
    for word in _as_letters(words):
        if word in _AUTHORITY:
            return ("authority", _AUTHORITY[word])
    for name in _generated_names():
        if name.is_pseudonym:
            if _is_pseudonym(words, name):
                return ("generated", name.shown)
        elif _contains(_as_letters(words), name.words):
            return ("generated", name.shown)
    return None


def validate_display_name(value: str) -> None:
    """Refuse a display name that could be mistaken for the platform, its staff or a name
    the platform gives, or that cannot be seen or turns the text around."""
    if not value:
        return
    if any(c in _DIRECTION_CONTROLS for c in value):
        raise ValidationError(
            gettext(
                "Choose another display name: it contains invisible characters that change "
                "the direction of the text."
            ),
            code="direction_controls",
        )
    if not _words(value) and not _fold(value).strip():
        raise ValidationError(
            gettext("Choose a display name people can see, or leave the field empty."),
            code="invisible",
        )
    reserved = reserved_part(value)
    if reserved is None:
        return
    kind, shown = reserved
    if kind == "authority":
        message = gettext(
            "Choose another display name: “%(name)s” is reserved for the platform and its staff."
        )
    else:
        message = gettext(
            "Choose another display name: “%(name)s” is a name the platform gives, "
            "so it is reserved."
        )
    raise ValidationError(message % {"name": shown}, code="reserved")


def tidy_display_name(value: str) -> str:
    """The name with its whitespace made single spaces and trimmed."""
    return " ".join(value.split())

"""Korean particles (조사) chosen by the sound a placeholder's value ends with.

A Korean letter's wording is written the way staff write it on paper, with both forms of a particle
after a placeholder: ``확정판결 {{ case_number }}이(가)``, ``{{ addressee }}은(는)``. When the letter is
written, :func:`choose_particles` replaces each such pair by the one form the value takes: ``이`` after a
final consonant (받침), ``가`` after a vowel; ``(으)로`` is ``로`` after a vowel or ㄹ. A value whose final
sound cannot be told (a symbol, a word in a script we cannot read) keeps both forms, as before.

Hand-written because the libraries for this (``tossi``, ``pyjosa``, ``josa``) have not been released
since 2018–2021 and none reads numbers, Latin letters and Hanja together; the rule is small and its
cases are tested (tests/letters/test_particles.py).
"""

import re

import hanja

# Each pair as staff write it, and the form taken after a final consonant and after a vowel.
PAIRS: dict[str, tuple[str, str]] = {
    "이(가)": ("이", "가"),
    "가(이)": ("이", "가"),
    "은(는)": ("은", "는"),
    "는(은)": ("은", "는"),
    "을(를)": ("을", "를"),
    "를(을)": ("을", "를"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "아(야)": ("아", "야"),
    "(이)나": ("이나", "나"),
    "(이)며": ("이며", "며"),
    "(이)라": ("이라", "라"),
    "(으)로": ("으로", "로"),
}
_RIEUL = 8  # ㄹ's index among the final consonants: (으)로 takes 로 after it, as after a vowel

# The final consonant of each digit's Korean reading (0 영, 1 일, 2 이, 3 삼, … 9 구), and of the
# powers of ten a number ending in zeros is read with (10 십, 100 백, 1000 천, 10⁴ 만, 10⁸ 억, 10¹² 조).
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
_ZEROS_FINAL = [(12, 0), (8, 1), (4, 4), (3, 4), (2, 1), (1, 17)]
# Latin letters read by their English names: el, em, en and ar end in a consonant in Korean.
_LATIN_FINAL = {"l": 8, "m": 16, "n": 4, "r": 8}
_TRAILING = re.compile(r"(?:\s|[)\]}»”’\"'」』]|\([^()]*\))+$")
_PLACEHOLDER = re.compile(r"(\{\{\s*(\w+)\s*\}\})(" + "|".join(re.escape(pair) for pair in PAIRS) + ")")


def final_consonant(text: str) -> int | None:
    """The index (1–27) of the final consonant ``text`` is read with, 0 after a vowel, ``None`` when
    it cannot be told. A trailing parenthesis (``미쓰비시중공업(주)``) is read past, as Korean does."""
    text = _TRAILING.sub("", text)
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last.isdigit() and last.isascii():
        number = re.search(r"[\d,]*\d$", text)[0].replace(",", "")
        if number.strip("0") == "":
            return _DIGIT_FINAL["0"]
        zeros = len(number) - len(number.rstrip("0"))
        if zeros == 0:
            return _DIGIT_FINAL[last]
        return next(final for power, final in _ZEROS_FINAL if zeros >= power)
    if last.isascii() and last.isalpha():
        return _LATIN_FINAL.get(last.lower(), 0)
    reading = hanja.translate(last, "substitution")
    if reading != last and "가" <= reading[-1] <= "힣":
        return (ord(reading[-1]) - ord("가")) % 28
    return None


def particle(value: str, pair: str) -> str:
    """The form of ``pair`` (as written, e.g. ``이(가)``) that follows ``value``."""
    final = final_consonant(value)
    if final is None:
        return pair
    after_consonant, after_vowel = PAIRS[pair]
    if pair == "(으)로" and final == _RIEUL:
        return after_vowel
    return after_consonant if final else after_vowel


def choose_particles(body: str, values: dict[str, str]) -> tuple[str, dict[str, str]]:
    """``body`` with every particle pair right after a placeholder turned into a placeholder of its own
    (``particle1``, …), and the values those take; placeholders that ``values`` lacks are left alone."""
    chosen: dict[str, str] = {}

    def choose(match: re.Match) -> str:
        placeholder, name, pair = match.groups()
        if name not in values:
            return match[0]
        key = f"particle{len(chosen) + 1}"
        chosen[key] = particle(str(values[name]), pair)
        return f"{placeholder}{{{{ {key} }}}}"

    return _PLACEHOLDER.sub(choose, body), chosen

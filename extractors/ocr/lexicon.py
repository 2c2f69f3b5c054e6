"""Words mended by the document's own vocabulary (step 10b).

A plan prints the same words many times: 004 prints ``INFORME`` 16 times,
``INTERVENCIONES`` 10, ``EJECUCIÓN`` 15, ``ASISTENCIA`` 5. Read by OCR, one speck or a
white drop-out across a letter makes one reading of such a word no word at all, read
surely letter by letter: ``INFQRME`` (0.83, a speck under the O read as a Q's tail),
``ANTERVENCIONES``, ``FJECUCIÓN``, ``PARTICIPÁNTES`` (a speck read as an acute),
``YASISTENCIA`` (the space before it lost), ``CONDICiONES`` (a cut I read ``i``). Each
such reading cost its activity, or, in a group heading given to every row under it,
every activity of the group.

``mend_by_vocabulary`` gives such a reading the word the document reads surely
elsewhere, only when all of these hold:

* the reading is a word of letters that is no word of the engine's dictionary
  (``EngineWord.dictionary``) and read less sure than ``UNSURE_BELOW``;
* its own letters are read nowhere else in the document (a word read twice alike is
  printed so: 004 prints ``GESTION`` 4 times beside 16 ``GESTIÓN``);
* the word it takes is read at least ``MIN_READINGS`` times in the document as a word of
  the engine's dictionary, at least ``SURE`` sure, and it is the only such word one
  change away:
  - one letter for another (at least ``MIN_LETTERS`` letters, not among its last
    ``ENDING`` letters, where Spanish prints its genders and numbers: ``TRABAJO`` /
    ``TRABAJA``, ``todos`` / ``todas`` are both 004's print; and never an accent the
    reading lacks: ``GESTION`` stays), or
  - the reading is two such words without the space between them, read less sure than
    ``SPLIT_BELOW``; or
  - the reading is letters but for one mark or digit between two of them that a letter's
    bare stem is read as (``STEM_MARKS``: ``TRANSFERENC!A``), with that letter.

Letter case is mended apart (``lone_small_letters``): one small letter among the
capitals of a word read by OCR (``CONDICiONES``) is a capital, no print casing a word so.

The word keeps the engine's confidence of its reading (no surer for being mended: the
values' confidence comes from the words of their cells, ``pipeline.confidence``). Only
words read by OCR come here: a text layer's words are never looked at.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..vocabulary import without_accents
from .chars import MARKS
from .specks import line_order
from .tesseract import EngineWord, Glyph

# A reading this sure or surer is left as it is (``specks.REREAD_BELOW``: the engine's
# sure words; the misreadings mended were read 0.04-0.93).
UNSURE_BELOW = 0.96
# A word of the document's vocabulary: read at least this sure, as a word of the engine's
# dictionary, at least MIN_READINGS times (004's INFORME, INTERVENCIONES, EJECUCIÓN,
# PARTICIPANTES, ASISTENCIA, Y: 5 to 80 readings each at 300 dpi grey).
SURE = 0.9
MIN_READINGS = 3
# One letter for another only in words this long (four-letter pairs such as 000's
# acronyms UAIP / LAIP / IAIP are all print), and never among a word's last ENDING
# letters (genders and numbers: normativos / normativas, Supervisor / Supervisar).
MIN_LETTERS = 5
ENDING = 2
# Small letters shaped as their capitals but for their size (and "i", a bar like "I"
# once its dot is lost or a speck): one of them among capitals is the capital. Another
# (a "t" among capitals, "ASISTENCtA" for ASISTENCIA) is a misreading no case mends.
CASE_ALIKE = frozenset("icosvwxz")
# Marks and digits read for a letter's bare stem inside a word, and the letters each may be:
# a speck under an I read "!" ("TRANSFERENC!A", 004 on the seed-175 draw, 0.70; "labora!es",
# 000 on seed 176, 0.82: each activity lost). Mended only to a word the document reads
# (``stem_of_a_mark``); a code ("AOI0010660013!") is no word.
STEM_MARKS = {"!": "Ili", "|": "Ili", "1": "Ili"}
# A reading is split into two words of the vocabulary only when read less sure than this
# (004's YASISTENCIA, 0.04): a compound printed as one word is read surely.
SPLIT_BELOW = 0.5


@dataclass
class DocumentWords:
    """The words a document's pages read by OCR have read so far: every reading's text,
    and the texts of the engine's dictionary read surely (``SURE``)."""

    read: Counter = field(default_factory=Counter)
    confident: Counter = field(default_factory=Counter)  # readings at least SURE sure
    known: set = field(default_factory=set)  # texts read at least once as a dictionary word

    def add(self, words: list[EngineWord]) -> None:
        for w in words:
            self.read[w.text] += 1
            if w.confidence >= SURE and w.text.isalpha():
                self.confident[w.text] += 1
            if w.dictionary:
                self.known.add(w.text)

    @property
    def sure(self) -> Counter:
        """Texts of the engine's dictionary and how often each was read ``SURE`` or surer
        (the engine does not call every reading of a word so: one of 004's three sure
        readings of ASISTENCIA on its first page, 0.92, was no dictionary word)."""
        return Counter({t: n for t, n in self.confident.items() if t in self.known})


def _accent_lost(reading: str, word: str) -> bool:
    """The reading's letter is the word's letter without its accent (GESTION, GESTIÓN)."""
    return reading != word and without_accents(word) == reading


def one_letter_off(reading: str, vocabulary: Counter) -> str | None:
    """The one word of ``vocabulary`` (read ``MIN_READINGS`` times or more) that
    ``reading`` is with one letter for another (the rules of the module), else None."""
    if len(reading) < MIN_LETTERS:
        return None
    found = set()
    for k in range(len(reading) - ENDING):
        for word in vocabulary:
            if (len(word) == len(reading) and vocabulary[word] >= MIN_READINGS and word[k] != reading[k]
                    and word[:k] == reading[:k] and word[k + 1:] == reading[k + 1:]
                    and word[k].isupper() == reading[k].isupper() and not _accent_lost(reading[k], word[k])):
                found.add(word)
    return found.pop() if len(found) == 1 else None


def stem_of_a_mark(reading: str, vocabulary: Counter) -> str | None:
    """The one word of ``vocabulary`` (read ``MIN_READINGS`` times or more) that ``reading``,
    letters but for one ``STEM_MARKS`` character between two of them, is with a letter that
    character is read for; else None (``TRANSFERENC!A``: TRANSFERENCIA)."""
    odd = [k for k, c in enumerate(reading) if not c.isalpha()]
    if len(odd) != 1 or not 0 < odd[0] < len(reading) - 1 or reading[odd[0]] not in STEM_MARKS:
        return None
    k = odd[0]
    found = {word for letter in STEM_MARKS[reading[k]]
             if vocabulary.get(word := reading[:k] + letter + reading[k + 1:], 0) >= MIN_READINGS}
    return found.pop() if len(found) == 1 else None


def two_words(reading: str, vocabulary: Counter) -> tuple[str, str] | None:
    """The one way ``reading`` (at least ``MIN_LETTERS`` long) is two words of
    ``vocabulary`` (each read ``MIN_READINGS`` times or more) without the space between
    them, else None."""
    if len(reading) < MIN_LETTERS:
        return None  # "AEL" (an AEI code misread) is no "A EL"
    splits = [(reading[:k], reading[k:]) for k in range(1, len(reading))
              if vocabulary.get(reading[:k], 0) >= MIN_READINGS and vocabulary.get(reading[k:], 0) >= MIN_READINGS]
    return splits[0] if len(splits) == 1 else None


def _respelled(word: EngineWord, text: str) -> EngineWord:
    """``word`` spelled ``text`` (as long: each glyph its letter), its confidences kept."""
    glyphs = tuple(g._replace(text=t) if len(g.text) == 1 else g for g, t in zip(word.glyphs, text))
    return word._replace(text=text, glyphs=glyphs, dictionary=True)


def _split(word: EngineWord, left: str) -> list[EngineWord]:
    """``word`` as two words, its first ``len(left)`` glyphs and the rest."""
    n = len(left)
    out = []
    for glyphs in (word.glyphs[:n], word.glyphs[n:]):
        out.append(word._replace(text="".join(g.text for g in glyphs), x0=min(g.x0 for g in glyphs),
                                 top=min(g.top for g in glyphs), x1=max(g.x1 for g in glyphs),
                                 bottom=max(g.bottom for g in glyphs), glyphs=tuple(glyphs), dictionary=True))
    return out


def candidate(word: EngineWord, vocabulary: DocumentWords, letters: bool = True) -> bool:
    """A reading the vocabulary may mend: letters (``letters``; else anything), no
    dictionary word, unsure, read once."""
    return ((word.text.isalpha() or not letters) and not word.dictionary and word.confidence < UNSURE_BELOW
            and vocabulary.read[word.text] <= 1 and all(len(g.text) == 1 for g in word.glyphs)
            and len(word.glyphs) == len(word.text))


def mend_by_vocabulary(words: list[EngineWord], vocabulary: DocumentWords) -> list[EngineWord]:
    """``words`` (one page's, counted in ``vocabulary`` already) with each reading the
    document's vocabulary mends (the module's rules) spelled as that word."""
    out: list[EngineWord] = []
    sure = vocabulary.sure
    for word in words:
        if candidate(word, vocabulary):
            if (text := one_letter_off(word.text, sure)) is not None:
                out.append(_respelled(word, text))
                continue
            if word.confidence < SPLIT_BELOW and (pair := two_words(word.text, sure)) is not None:
                out.extend(_split(word, pair[0]))
                continue
        elif candidate(word, vocabulary, letters=False) and (text := stem_of_a_mark(word.text, sure)) is not None:
            out.append(_respelled(word, text))
            continue
        out.append(word)
    return out


def lone_small_letters(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with a word of capitals but one small letter inside it (``CONDICiONES``:
    at least ``MIN_LETTERS`` letters, not its first), a letter whose capital is the same
    shape (``CASE_ALIKE``), written in capitals: print sets a
    word in capitals or not (none of the 59,296 runs of letters in the text fields of
    tests/fixtures and tests/scans/expected is cased so, ``pipeline.repeats.printable_case``)."""
    out = []
    for word in words:
        text = word.text
        small = [k for k, c in enumerate(text) if c.islower()]
        if (len(small) == 1 and 0 < small[0] < len(text) - 1 and text[small[0]] in CASE_ALIKE and text.isalpha()
                and len(text) >= MIN_LETTERS and len(word.glyphs) == len(text)):
            out.append(_respelled(word, text.upper())._replace(dictionary=word.dictionary))
        else:
            out.append(word)
    return out


# Spanish words no sentence ends on: prepositions, articles, "ni". A full stop read after
# one is a speck (a single letter, "A." or "Y.", may be an initial, and is left as read).
_NO_STOP_AFTER = frozenset("al ante bajo con contra de del desde en entre hacia hasta para por sin sobre tras "
                           "el la los las un una unos unas ni".split())


def stops_after_function_words(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the full stop read after a word no sentence ends on
    (``_NO_STOP_AFTER``): a speck on the baseline after it. Chromium's upper-case print of
    004 (seed-216 draw, 300 dpi grey) read the objective "... Y NIVELES DE EMPLEABILIDAD"
    as "DE. EMPLEABILIDAD" (a speck after DE, as black as print), and the 23 activities
    under it took the misreading; Calc's print read "EN." alike."""
    out = []
    for word in words:
        if (len(word.glyphs) >= 3 and word.glyphs[-1].text == "." and word.text.endswith(".")
                and word.text[:-1].lower() in _NO_STOP_AFTER):
            glyphs = word.glyphs[:-1]
            word = word._replace(text=word.text[:-1], x1=max(g.x1 for g in glyphs), glyphs=glyphs)
        out.append(word)
    return out


# A code: capitals and at least three digits ("AOI00015400049", "AEI.07.04", "E-2017-001").
_CODE = re.compile(r"^(?=(?:\D*\d){3})(?=.*[A-ZÁÉÍÓÚ])[A-ZÁÉÍÓÚ0-9.\-/]+$")
_ACUTE_CAPITALS = str.maketrans("ÁÉÍÓÚ", "AEIOU")


def codes_without_accents(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with the acute accents of a code's capitals taken off: a code (``_CODE``)
    prints none. Chromium's plain print of 003 (seed-201 draw, 300 dpi grey): a speck over
    the I of the first activity's code read "AOÍ00015400049"; no longer a code, it was
    read into the action's heading beside it, and the 23 activities took the heading so."""
    out = []
    for word in words:
        if _CODE.match(word.text) and word.text != (plain := word.text.translate(_ACUTE_CAPITALS)):
            word = word._replace(text=plain, glyphs=tuple(g._replace(text=g.text.translate(_ACUTE_CAPITALS))
                                                          for g in word.glyphs))
        out.append(word)
    return out


# A Roman numeral of a section (I to XXXIX), the first word of its line.
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def section_numerals(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with a Roman numeral read with a comma after it, first on its line and
    before a capital, read with a full stop: a section's number ("IV. Metas Operativas"),
    which no print follows with a comma. Chromium's plain print of 002 (seed-216 draw,
    300 dpi grey) set the heading on each page; on two the stop, a square dot at 7 pt, was
    read "IV," (0.96 and 0.82 sure), and ten activities took the heading so. The ink of the
    two marks is not told apart at such sizes: on 004's 3-4 pt print a printed comma's tail
    is a pixel or two (a rule by the mark's shape made real commas stops there)."""
    by_line, _ = line_order(words)
    out = list(words)
    for ks in by_line.values():
        if len(ks) < 2:
            continue
        k, following = ks[:2]
        word = words[k]
        if (word.text.endswith(",") and len(word.text) > 1 and _ROMAN.match(word.text[:-1])
                and words[following].text[:1].isupper() and word.glyphs and word.glyphs[-1].text == ","):
            stop = word.glyphs[-1]._replace(text=".")
            out[k] = word._replace(text=word.text[:-1] + ".", glyphs=word.glyphs[:-1] + (stop,))
    return out


def accents_unspelled(words: list[EngineWord], doubted: list[int]) -> frozenset[int]:
    """Of the ``doubted`` indices (``accents_doubted``: their bare letters a word of the
    dictionary the document reads), those whose reading is no word of the engine's
    dictionary: 004's first page reads "EN" twice as a word of it and "ÉN" once, which no
    dictionary spells. Their accent goes even when its ink cannot be judged
    (``print_ink.accents_not_printed``)."""
    return frozenset(k for k in doubted if not words[k].dictionary)


def accents_doubted(words: list[EngineWord], vocabulary: DocumentWords) -> list[int]:
    """The indices of ``words`` read with an accent that the document's vocabulary doubts:
    read nowhere else so, while the same letters without their accents are a word of the
    vocabulary (``MIN_READINGS`` sure readings of a dictionary word): 004 reads "DE" 76
    times and "DÉ" once (a speck above the E, seed 14). Their accents' ink is judged
    against the page's print (``print_ink.accents_not_printed``). "GESTIÓN" beside
    "GESTION" (both 004's print, GESTIÓN read 16 times) is never doubted. Doubted too: an
    accented reading that is no word of the engine's dictionary, whose bare letters the
    document reads as one (003 on the seed-13 draw prints "Y/O" five times, no word of
    letters, so never among the sure words above, and read one "Y/Ó", 0.72, for a speck
    over its O). A word is looked up without the marks at its ends (003's unit on the
    seed-162 draw read "Trabajó-", a speck over the o of "Trabajo-" glued to its dash:
    "Trabajo" is read 20 times, "Trabajo-" nowhere else). Doubted too, read once, not a
    word of the engine's dictionary: an accent Spanish never writes where it was read
    (``accent_too_early``)."""
    sure = vocabulary.sure
    return [k for k, w in enumerate(words)
            if (bare := without_accents(core := w.text.strip(_MARK_CHARS))) != core and len(bare) == len(core)
            and vocabulary.read[w.text] <= 1 and (sure.get(bare, 0) >= MIN_READINGS
                                                  or not w.dictionary and (bare in vocabulary.known
                                                                           or accent_too_early(core)))]


# Spanish vowels that open a syllable of their own beside another (a hiatus: "le-a"), and the
# endings of the pronouns a verb takes after it ("entregándoselo") and of an adverb in -mente
# ("económicamente", the adjective's accent kept), where Spanish writes an accent four
# syllables from the end or earlier.
_OPEN_VOWELS = frozenset("aeoáéó")
_VOWELS = frozenset("aeiouáéíóúü")
_EARLY_ACCENT_ENDINGS = ("lo", "la", "le", "los", "las", "les", "me", "te", "se", "nos", "os", "mente")


def accent_too_early(word: str) -> bool:
    """Whether ``word`` carries an acute accent three syllables or more before its last one,
    where Spanish writes none but on a verb with its pronouns after it ("dígamelo") or an
    adverb in -mente: 004's objective "EMPLEABILIDAD", read "EMPLÉABILIDAD" over a speck
    (every activity under the objective took the misreading). Syllables are counted by
    their vowels: a run of vowels is one syllable, but for two open vowels side by side
    (``_OPEN_VOWELS``), and an accented i or u, which stand apart."""
    low = word.lower()
    marks = [k for k, c in enumerate(low) if c in "áéíóú"]
    if len(marks) != 1 or low.endswith(_EARLY_ACCENT_ENDINGS):
        return False
    after, previous = 0, low[marks[0]]
    for c in low[marks[0] + 1:]:
        if c in _VOWELS and (previous not in _VOWELS or c in "íú" or previous in "íú"
                             or (c in _OPEN_VOWELS and previous in _OPEN_VOWELS)):
            after += 1
        previous = c
    return after >= 3


_MARK_CHARS = "".join(sorted(MARKS))  # stripped from a word's ends to look it up ("Y/O" keeps its slash)

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
  - the reading is the word with one bare stem of a letter left out (``THIN_LETTERS``,
    not among its last ``ENDING`` letters: ``solcitudes`` for ``solicitudes``, the i
    merged into the l in serif print scanned at 200 dpi), however sure the reading
    (``THIN_LETTER_BELOW``); or
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
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..vocabulary import without_accents
from .chars import MARKS
from .specks import line_order
from .spelling import ONE_LETTER_WORDS
from .tesseract import EngineWord, Glyph, word_of

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
# (004's YASISTENCIA, 0.04): a compound printed as one word is read surely. But for one whose
# one part is a preposition or an article, read once or more (``glued_to_a_function_word``),
# into words read surely this often (a draw of a few pages reads its words twice or so).
SPLIT_BELOW = 0.5
GLUED_MIN_READINGS = 2


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


# Letters that are a bare stem, which serif print scanned coarsely merges into the stem
# beside it and the engine leaves out ("solcitudes", "cumplmiento": Typst's 000 at 200 dpi).
THIN_LETTERS = frozenset("iI")
# ... mended however sure the engine is of the reading, when no word of its dictionary: it
# reads a serif "li" merged as "l" 0.96-0.97 sure ("solcitudes" 13 times and "Caldad" 9 on
# the readings of seeds 490-600, each once in its document beside the word read surely).
THIN_LETTER_BELOW = float("inf")


def thin_letter_dropped(reading: str, vocabulary: Counter) -> tuple[str, int] | None:
    """The one word of ``vocabulary`` (read ``MIN_READINGS`` times or more) that ``reading``
    is with one of its ``THIN_LETTERS`` left out, not among its last ``ENDING`` letters,
    with the place of that letter; else None."""
    if len(reading) + 1 < MIN_LETTERS:
        return None
    found = set()
    for word, n in vocabulary.items():
        if n < MIN_READINGS or len(word) != len(reading) + 1:
            continue
        for k in range(len(word) - ENDING):
            if word[k] in THIN_LETTERS and word[:k] + word[k + 1:] == reading:
                found.add((word, k))
    return found.pop() if len(found) == 1 else None


def _with_letter(word: EngineWord, text: str, k: int) -> EngineWord:
    """``word`` spelled ``text``, the letter ``text[k]`` put in at its place: the glyph it
    was merged into (the one before it, or after it at the start) shares its box with it,
    halved across (both the whole box when it is under 2 px wide)."""
    glyphs = list(word.glyphs)
    j = k - 1 if k else 0
    g = glyphs[j]
    if g.x1 - g.x0 < 2:
        new = g._replace(text=text[k])
    else:
        middle = (g.x0 + g.x1) // 2
        new = Glyph(text[k], middle if k else g.x0, g.top, g.x1 if k else middle, g.bottom, g.confidence)
        glyphs[j] = g._replace(x1=middle) if k else g._replace(x0=middle)
    glyphs.insert(k, new)
    return word._replace(text=text, glyphs=tuple(glyphs), dictionary=True)


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


def two_words(reading: str, vocabulary: Counter, least: int = MIN_READINGS) -> tuple[str, str] | None:
    """The one way ``reading`` (at least ``MIN_LETTERS`` long) is two words of
    ``vocabulary`` (each read ``least`` times or more) without the space between
    them, else None."""
    if len(reading) < MIN_LETTERS:
        return None  # "AEL" (an AEI code misread) is no "A EL"
    splits = [(reading[:k], reading[k:]) for k in range(1, len(reading))
              if vocabulary.get(reading[:k], 0) >= least and vocabulary.get(reading[k:], 0) >= least]
    return splits[0] if len(splits) == 1 else None


def glued_to_a_function_word(pair: tuple[str, str]) -> bool:
    """Whether one of two words read without the space between them is a preposition or an
    article (``_NO_PAUSE_AFTER``): the space the print's shapes narrow most, and a reading
    no compound spells, however surely read. Chromium's plain 004 (seed 580, 300 dpi grey)
    read "TRANSFERENCIADE" (0.92 and 0.90, no dictionary word) in the names of two
    activities: a phrase printed twice is misread alike, so it need not be read once. The
    cached readings hold 49 such ("NIVELDE", "TIPODE" in headers, "LASEGURIDAD",
    "GESTIÓNDE", "PARALA"), none printed so."""
    return any(part.lower() in _NO_PAUSE_AFTER for part in pair)


def widest_gap_at(word: EngineWord, n: int) -> bool:
    """Whether the gap between ``word``'s glyphs ``n - 1`` and ``n`` is wider than every other
    gap between its glyphs: a space narrowed, not a letter's gap ("TRANSFERENCIADE" 3-4 px
    between A and D, its other letters at most 1 apart). "ENCARGADO" printed so keeps its
    N and C as close as its other letters, whatever the vocabulary holds."""
    gaps = [b.x0 - a.x1 for a, b in zip(word.glyphs, word.glyphs[1:])]
    return 0 < n < len(word.glyphs) and all(g < gaps[n - 1] for k, g in enumerate(gaps) if k != n - 1)


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


def candidate(word: EngineWord, vocabulary: DocumentWords, letters: bool = True, once: bool = True,
              below: float = UNSURE_BELOW) -> bool:
    """A reading the vocabulary may mend: letters (``letters``; else anything), no
    dictionary word, read less sure than ``below``, read once (``once``; else read as often
    as may be)."""
    return ((word.text.isalpha() or not letters) and not word.dictionary and word.confidence < below
            and (not once or vocabulary.read[word.text] <= 1) and all(len(g.text) == 1 for g in word.glyphs)
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
        if candidate(word, vocabulary, below=THIN_LETTER_BELOW) and (
                dropped := thin_letter_dropped(word.text, sure)) is not None:
            out.append(_with_letter(word, *dropped))
            continue
        if candidate(word, vocabulary, once=False) and (
                pair := two_words(word.text, sure, GLUED_MIN_READINGS)) is not None \
                and glued_to_a_function_word(pair) and widest_gap_at(word, len(pair[0])):
            out.extend(_split(word, pair[0]))
            continue
        out.append(word)
    return out


def lone_small_letters(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` with a word of capitals but one small letter inside it (``CONDICiONES``:
    at least ``MIN_LETTERS`` letters, not its first), a letter whose capital is the same
    shape (``CASE_ALIKE``), written in capitals, and so each such run of letters inside a
    word (``_LETTER_RUN``: after a code, before a mark): print sets a
    word in capitals or not (none of the 59,296 runs of letters in the text fields of
    tests/fixtures and tests/scans/expected is cased so, ``pipeline.repeats.printable_case``)."""
    out = []
    for word in words:
        text = _LETTER_RUN.sub(lambda run: _in_capitals(run.group()), word.text)
        if text != word.text and len(word.glyphs) == len(text):
            out.append(_respelled(word, text)._replace(dictionary=word.dictionary))
        else:
            out.append(word)
    return out


# A run of letters inside a word: the letters of a word, or of a name glued to a code by
# its full stop ("AEI.01.01.ASiSTENCIA", Calc's 003 at 300 dpi, seed 420: the heading of
# every activity under it).
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _in_capitals(run: str) -> str:
    """``run`` (letters) in capitals when it is capitals but one small ``CASE_ALIKE`` letter,
    not its first or last, and at least ``MIN_LETTERS`` long; else as it is."""
    small = [k for k, c in enumerate(run) if c.islower()]
    if len(small) == 1 and 0 < small[0] < len(run) - 1 and run[small[0]] in CASE_ALIKE and len(run) >= MIN_LETTERS:
        return run.upper()
    return run


# Spanish words no sentence ends on: prepositions, articles, "ni". A full stop read after
# one is a speck (a single letter, "A." or "Y.", may be an initial, and is left as read).
_NO_STOP_AFTER = frozenset("al ante bajo con contra de del desde en entre hacia hasta para por sin sobre tras "
                           "el la los las un una unos unas ni".split())


# Of those, the words no comma or semicolon follows either: a preposition or an article
# always runs on to its noun. "bajo", "contra" and "sobre" are nouns and adjectives too ("un
# nivel bajo, medio"), "un(a)(s)" pronouns ("cada una,"). A colon stays after any ("Elaborado
# por:" signs a plan), and a hyphen too (a word broken at the line's end: "DE-SEMPLEO").
_NO_PAUSE_AFTER = _NO_STOP_AFTER - {"bajo", "contra", "sobre", "un", "una", "unos", "unas", "ni"}


def stops_after_function_words(words: list[EngineWord]) -> list[EngineWord]:
    """``words`` without the full stop read after a word no sentence ends on
    (``_NO_STOP_AFTER``): a speck on the baseline after it. Chromium's upper-case print of
    004 (seed-216 draw, 300 dpi grey) read the objective "... Y NIVELES DE EMPLEABILIDAD"
    as "DE. EMPLEABILIDAD" (a speck after DE, as black as print), and the 23 activities
    under it took the misreading; Calc's print read "EN." alike. A one-letter word keeps
    its stop (an initial) but before an article or a preposition, which no name follows an
    initial with, on its line or the next one (where its line runs on): Typst's plain 003
    (seed-230 draw, held out) read "... EMPRESARIAL A / LOS ACTORES" as "A. LOS", in the
    heading of its 23 activities. Read as one word with the speck between them ("A.LOS",
    Writer's bitonal 003, seed 450: its 23 activities' heading again) or a function word so
    ("DE.EMPLEO"), the two words are parted there, the speck dropped (``_glued_at_a_stop``).
    A comma or a semicolon read after a preposition or an article (``_NO_PAUSE_AFTER``) is
    dropped alike: Typst's 004 (seed 560, 300 dpi grey) read "MEJORAMIENTO DE, LAS", a speck
    by the baseline after "DE" in the objective of its 24 activities."""
    by_line, following = line_order(words)
    firsts = [ks[0] for ks in by_line.values()]
    out = []
    for k, word in enumerate(words):
        if (parted := _glued_at_a_stop(word)) is not None:
            out.extend(parted)
            continue
        stop = word.text.endswith(".") and word.glyphs and word.glyphs[-1].text == "."
        bare = word.text[:-1].lower()
        nxt = following.get(k, _wrapped_to(words, k, firsts))
        pause = word.text[-1:] in ",;" and word.glyphs and word.glyphs[-1].text == word.text[-1]
        if (pause and len(word.glyphs) >= 3 and bare in _NO_PAUSE_AFTER) or stop and (
                (len(word.glyphs) >= 3 and bare in _NO_STOP_AFTER) or (
                len(word.glyphs) == 2 and bare in ONE_LETTER_WORDS and nxt is not None
                and words[nxt].text.lower() in _NO_STOP_AFTER)):
            glyphs = word.glyphs[:-1]
            word = word._replace(text=word.text[:-1], x1=max(g.x1 for g in glyphs), glyphs=glyphs)
        out.append(word)
    return out


# Marks no preposition, article or conjunction is printed with before the word it runs on to:
# a hyphen (but where it breaks a word at the line's end) and an apostrophe.
_RUN_ON_MARKS = frozenset("-'’")
# The words that run on to the next one: the prepositions and articles no comma follows,
# the preposition "a" and the conjunctions "y" and "e".
_RUN_ON = _NO_PAUSE_AFTER | {"a", "y", "e"}


def marks_after_function_words(words: list[EngineWord], vocabulary: DocumentWords) -> list[EngineWord]:
    """``words`` without a hyphen or an apostrophe read right after a preposition, an
    article or "y" (``_RUN_ON``) that runs on to a word, on its
    line or the next: a speck there, as dark as print. Typst's serif print of 004 (seed 580,
    300 dpi grey) read the heading of its 24 activities "DIRIGIDO A- PERSONAS EN SITUACIÓN
    DE' VULNERABILIDAD" (0.91 each); the seed-560 print "EMPLEABILIDAD DE- LA POBLACIÓN", and
    seed 520's "empleo y- emprendimiento". A hyphen at a line's end is kept where it breaks a
    word the document reads whole (the word and the next line's first joined: "DE-" over
    "SEMPLEO" where "DESEMPLEO" is read); a word of one letter is never broken."""
    by_line, following = line_order(words)
    firsts = [ks[0] for ks in by_line.values()]
    out = []
    for k, word in enumerate(words):
        mark, bare = word.text[-1:], word.text[:-1]
        nxt = following.get(k)
        wrapped = _wrapped_to(words, k, firsts) if nxt is None else None
        after = nxt if nxt is not None else wrapped
        if (mark in _RUN_ON_MARKS and word.glyphs and word.glyphs[-1].text == mark and after is not None
                and bare.lower() in _RUN_ON
                and any(c.isalpha() for c in words[after].text)
                and not (mark == "-" and wrapped is not None and len(bare) > 1
                         and vocabulary.read[bare + words[after].text.rstrip(".,;:")] > 0)):
            glyphs = word.glyphs[:-1]
            word = word._replace(text=bare, x1=max(g.x1 for g in glyphs), glyphs=glyphs)
        out.append(word)
    return out


def _glued_at_a_stop(word: EngineWord) -> list[EngineWord] | None:
    """Two words read as one with a full stop between them where no stop can stand
    (``stops_after_function_words``): a one-letter word before an article or a preposition
    ("A.LOS"), or an article or a preposition before any word of letters ("DE.EMPLEO",
    Calc's 004 at 200 dpi, seed 460: a speck touching the E of "DE" on the baseline, in the
    unit's name, which all 24 activities carry). The two words, without the stop; else None."""
    glyphs = word.glyphs
    if len(word.text) != len(glyphs) or word.text.count(".") != 1:
        return None
    stop = word.text.index(".")
    head, tail = word.text[:stop], word.text[stop + 1:]
    if not (head.isalpha() and tail.isalpha()):
        return None
    if len(head) == 1:
        glued = head in ONE_LETTER_WORDS and tail.lower() in _NO_STOP_AFTER
    else:
        glued = head.lower() in _NO_STOP_AFTER and len(tail) > 1
    if not glued:
        return None
    return [word_of(part, word)._replace(dictionary=True) for part in (glyphs[:stop], glyphs[stop + 1:])]


def _wrapped_to(words: list[EngineWord], k: int, firsts: list[int]) -> int | None:
    """The word a line's last word ``words[k]`` runs on to: the first word of the nearest line
    below it (its top within a line's height under the word) that starts left of it."""
    word = words[k]
    height = word.bottom - word.top
    below = [j for j in firsts if word.bottom <= words[j].top <= word.bottom + height and words[j].x0 < word.x0]
    return min(below, key=lambda j: words[j].top, default=None)


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
    out = list(words)
    for k in _first_before_a_capital(words):
        word = words[k]
        if (word.text.endswith(",") and len(word.text) > 1 and _ROMAN.match(word.text[:-1])
                and word.glyphs and word.glyphs[-1].text == ","):
            stop = word.glyphs[-1]._replace(text=".")
            out[k] = word._replace(text=word.text[:-1] + ".", glyphs=word.glyphs[:-1] + (stop,))
    return out


# One-letter words that no Spanish word ends with twice: "ee" ends verbs (cree, lee).
_NEVER_DOUBLED_AT_END = frozenset("aouyAOUY")


def one_letter_words_run_on(words: list[EngineWord], vocabulary: DocumentWords) -> list[EngineWord]:
    """``words`` with a word ending in a one-letter word written twice ("TÉCNICAA"), which no
    Spanish word does, split before its last letter when the rest is a word the document
    reads elsewhere: the space before the one-letter word was lost. Chromium's plain 003
    (seeds 216 and 230, held out) read "ASISTENCIA TÉCNICA A SERVIDORES" as "TÉCNICAA"
    (0.92): the two A's feet leave 5 px of paper, as wide as between the word's own letters,
    so the ink does not tell the space (``spelling.short_words_glued``)."""
    out: list[EngineWord] = []
    for word in words:
        text = word.text
        if (len(text) >= 4 and text.isalpha() and text[-1] in _NEVER_DOUBLED_AT_END
                and (text[-2] == text[-1] or _run_on_to_a_known_word(word, vocabulary))
                and len(word.glyphs) == len(text) and vocabulary.read[text] <= 1
                and vocabulary.read[text[:-1]] >= 1):
            out.extend(_split(word, text[:-1]))
            continue
        out.append(word)
    return out


def _run_on_to_a_known_word(word: EngineWord, vocabulary: DocumentWords) -> bool:
    """Whether ``word``, no word of the engine's dictionary, is one the document reads as
    such (``DocumentWords.known``, of at least ``MIN_LETTERS`` letters) with one letter more:
    a one-letter word run on to it. Chromium's bordered and filled prints of 003 (seed 510,
    held out of round 47, 150 and 200 dpi) read "RESPONSABILIDAD SOCIAL EMPRESARIAL A LOS
    ACTORES" as "EMPRESARIALA" (0.92), the space between the L's open foot and the A's
    slope blurred shut, in the objective of its 23 activities; the page reads
    "EMPRESARIAL" elsewhere. A word spelled so that is a word too ("TRABAJADORA") is one
    of the dictionary."""
    stem = word.text[:-1]
    return not word.dictionary and len(stem) >= MIN_LETTERS and stem in vocabulary.known


def _first_before_a_capital(words: list[EngineWord]) -> Iterator[int]:
    """The indices of the words first on their line before a word that begins with a
    capital on it: where a section's numeral stands ("IV. Metas Operativas")."""
    by_line, _ = line_order(words)
    for ks in by_line.values():
        if len(ks) >= 2 and words[ks[1]].text[:1].isupper():
            yield ks[0]


# Letters and marks an I of a section's numeral is read as (a serif I's bars read as a T's).
NUMERAL_I_READ = frozenset("TlL1|!")


def numerals_misread(words: list[EngineWord], vocabulary: DocumentWords) -> list[EngineWord]:
    """``words`` with a section's numeral read with another letter for one of its I's
    mended: a word first on its line, before a capital, that is no Roman numeral but one
    with an I for one of its letters (``NUMERAL_I_READ``) and the same mark after it,
    where the document reads that numeral at least ``MIN_READINGS`` times and this reading
    once. Writer's print of 002 sets "IV. Metas Operativas: ..." atop each page; on the
    seed-230 draw (300 dpi grey, held out) one was read "TV." (0.81), its serif I's bars
    taken for a T's, and the heading of the page's activities was lost; the document read
    "IV." on the four pages before."""
    out = list(words)
    for k in _first_before_a_capital(words):
        word = words[k]
        core, mark = word.text[:-1], word.text[-1:]
        if (mark not in ".," or _ROMAN.match(core) or vocabulary.read[word.text] > 1
                or len(word.glyphs) != len(word.text)):
            continue
        found = {j for j, c in enumerate(core) if c in NUMERAL_I_READ
                 and _ROMAN.match(numeral := core[:j] + "I" + core[j + 1:])
                 and vocabulary.read[numeral + mark] >= MIN_READINGS}
        if len(found) == 1:
            (j,) = found
            out[k] = _respelled(word, core[:j] + "I" + core[j + 1:] + mark)
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
    (``accent_too_early``), or a second one (``two_accents``)."""
    sure = vocabulary.sure
    return [k for k, w in enumerate(words)
            if (bare := without_accents(core := w.text.strip(_MARK_CHARS))) != core and len(bare) == len(core)
            and vocabulary.read[w.text] <= 1 and (sure.get(bare, 0) >= MIN_READINGS
                                                  or not w.dictionary and (bare in vocabulary.known
                                                                           or accent_too_early(core)
                                                                           or two_accents(core)))]


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
    (every activity under the objective took the misreading)."""
    low = word.lower()
    marks = [k for k, c in enumerate(low) if c in "áéíóú"]
    if len(marks) != 1 or low.endswith(_EARLY_ACCENT_ENDINGS):
        return False
    return _syllables(low[marks[0]:]) - 1 >= 3


def _syllables(low: str) -> int:
    """How many syllables a lower-case ``low`` holds, counted by its vowels: a run of vowels
    is one syllable, but for two open vowels side by side (``_OPEN_VOWELS``) and an accented
    i or u, which stand apart."""
    count, previous = 0, ""
    for c in low:
        if c in _VOWELS and (previous not in _VOWELS or c in "íú" or previous in "íú"
                             or (c in _OPEN_VOWELS and previous in _OPEN_VOWELS)):
            count += 1
        previous = c
    return count


# Words of one syllable that Spanish writes with an accent to tell them from another word
# (the tilde diacrítica), and words of two that carry one as question words or in the
# older spelling a plan may keep ("sólo", "éste").
_ACCENTED_SHORT = frozenset("dé él mí sí sé té tú más qué quién cuál cuán ó cómo cuándo dónde adónde "
                            "cuánto cuánta cuántos cuántas quiénes cuáles sólo éste ésta éstos éstas ése "
                            "ésa ésos ésas aquél".split())
# Short words of text that Spanish never writes with an accent (each of its other
# monosyllables may be the first part of a word split at a line's end: "ción").
_NEVER_ACCENTED = frozenset("a al con de del e el en es la las le les lo los me ni nos o por se sin su "
                            "sus te u un y".split())


def accent_misplaced(word: str) -> bool:
    """Whether ``word``'s one acute accent stands where Spanish never writes one: on a short
    word of text that takes none ("ÉN"), on the last syllable of a longer word ending in a
    consonant other than n or s ("SALÚD"), or on the one before it in a word ending in a
    vowel, n or s ("TRABÁJO"); an accented i or u beside an open vowel breaks the pair
    (a hiatus: "raíz", "día"), wherever it stands. Chromium's plain 003 (seed-230 draw, held
    out of round 30) read the objective's "SEGURIDAD Y SALUD EN EL TRABAJO" as "SALÚD ÉN"
    over two specks, in every one of its 23 activities."""
    low = word.lower()
    marks = [k for k, c in enumerate(low) if c in "áéíóú"]
    if len(marks) != 1 or not low.isalpha() or low in _ACCENTED_SHORT:
        return False
    k = marks[0]
    if without_accents(low) in _NEVER_ACCENTED:
        return True
    if low[k] in "íú" and _OPEN_VOWELS & set(low[max(0, k - 1):k] + low[k + 1:k + 2]):
        return False  # a hiatus
    after, total = _syllables(low[k:]) - 1, _syllables(low)
    ends_open = low[-1] in _VOWELS or (low[-1] in "ns" and len(low) > 1 and low[-2] in _VOWELS)
    return total > 1 and ((after == 0 and not ends_open) or (after == 1 and ends_open))


def misplaced_accents_taken_off(words: list[EngineWord], vocabulary: DocumentWords) -> list[EngineWord]:
    """``words`` with the accent of each reading that stands where Spanish never writes one
    (``accent_misplaced``) taken off: a reading no word of the engine's dictionary, read
    once in the document, its marks at its ends left out to judge it ("SALÚD," is judged as
    "SALÚD"). Its ink is not asked: a speck over a capital is as dark and as sharp as the
    page's printed acutes (``print_ink.accents_not_printed`` kept "ÉN", which the document
    read surely as "EN" 15 times). A print that misspells a word so (004's caption "TABLA
    RESÚMEN") is read without the accent."""
    out = list(words)
    for k, w in enumerate(words):
        core = w.text.strip(_MARK_CHARS)
        if w.dictionary or vocabulary.read[w.text] > 1 or not accent_misplaced(core):
            continue
        glyphs = tuple(g._replace(text=without_accents(g.text)) if len(g.text) == 1 and g.text.lower() in "áéíóú"
                       else g for g in w.glyphs)
        out[k] = w._replace(text="".join(g.text for g in glyphs), glyphs=glyphs)
    return out


def two_accents(word: str) -> bool:
    """Whether ``word`` carries two acute accents or more, which Spanish never writes in one
    word (an adverb in -mente keeps its adjective's one). Typst's plain 000 (seed-230 draw,
    held out of round 30) read "énfasís" and "articuláción", a speck over a second vowel."""
    low = word.lower()
    return sum(c in "áéíóú" for c in low) >= 2 and not low.endswith("mente")


_MARK_CHARS = "".join(sorted(MARKS))  # stripped from a word's ends to look it up ("Y/O" keeps its slash)

"""Printed names -> comparison keys, for reconciling units and activities across documents.

Three keys, from strict to loose, one per matching stage (pipeline/reconcile.py):

* ``name_to_key``: the *normalized* key. Case, accents, spacing, punctuation, common
  abbreviations and words without identity are gone: "Oficina Regional Paracentral
  (La Paz)" and "Oficina Regional Paracentral La Paz" share it, so do "SEG. DEL
  BIENESTAR DEL PARTICIPANTE" and "Seguimiento del bienestar del participante".
* ``name_to_fuzzy_key``: the key with every word stemmed, for rapidfuzz scores:
  "Realizar la preselección" / "Realización de la preselección" differ only in order
  and typos after it.
* ``unit_name_to_code`` / ``institution_to_key``: codes printed before a name
  ("005-01066 Programa …", "001066 - PROGRAMA …", "012 - M. DE TRABAJO …").

Pure functions over strings; the Spanish word lists live in extractors/vocabulary.py.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from extractors.vocabulary import ABBREVIATIONS, NAME_STOPWORDS, STEMMER_LANGUAGE

# A word, possibly an abbreviation with inner and trailing dots ("u.t.", "inf.", "art.").
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*\.?")
# An executing-unit code before its name: "000154-…", "002-993 …", "005-01066 …", "001066 - …".
# The code that identifies the unit is the last number (SIAF code), without leading zeros:
# "005-01066" and "001066" are both unit 1066.
_UNIT_CODE = re.compile(r"^\s*(?:\d{3}\s*-\s*)?0*(\d{2,6})\s*[-–]?\s*(?=[^\W\d_])")
# A numeric prefix before an institution's name ("012 - M. DE TRABAJO …"): the pliego code,
# printed by some reports and not by others, so it is not part of the key.
_LEADING_CODE = re.compile(r"^\s*\d+\s*[-–.]?\s*")


def fold(text: str) -> str:
    """Lower case without accents: 'Información' -> 'informacion'."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def name_to_tokens(text: str) -> list[str]:
    """Words of a name with abbreviations written out and words without identity dropped."""
    words: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        bare = token.replace(".", "")
        if token.endswith(".") and bare in ABBREVIATIONS:
            words.extend(ABBREVIATIONS[bare].split())
        else:
            words.extend(part for part in token.split(".") if part)
    return [w for w in words if w not in NAME_STOPWORDS]


@lru_cache(maxsize=65536)
def name_to_key(text: str | None) -> str:
    """The normalized key of a printed name ('' for a missing name)."""
    return " ".join(name_to_tokens(text)) if text else ""


_STEMMER = snowballstemmer.stemmer(STEMMER_LANGUAGE)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # The Snowball stemmer is pure Python; names share most of their words.
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=65536)
def name_to_fuzzy_key(text: str | None) -> str:
    """The normalized key with each word stemmed: the string rapidfuzz compares."""
    return " ".join(_stem(w) for w in name_to_tokens(text)) if text else ""


def unit_name_to_code(text: str | None) -> str | None:
    """The executing-unit code printed before a unit's name, or None ('005-01066 …' -> '1066')."""
    match = _UNIT_CODE.match(text or "")
    return match.group(1) if match else None


def unit_name_without_code(text: str) -> str:
    match = _UNIT_CODE.match(text)
    return text[match.end():] if match else text


def institution_to_key(country: str | None, institution: str | None) -> str:
    """Blocking key of an institution: country plus its normalized name without a leading code.

    '012 - M. DE TRABAJO Y PROMOCION DEL EMPLEO' and 'Ministerio de Trabajo y Promoción
    del Empleo' (PE) share 'PE:ministerio trabajo promocion empleo'.
    """
    name = _LEADING_CODE.sub("", institution or "")
    return f"{country or '?'}:{name_to_key(name)}"

"""How text becomes search terms: the same steps, in the same order, as the browser applies to
what a reader types (`theme/static/js/search-core.js`). Change one, change the other; the
tests compare them on every word of the sample site.

1. split on white space and hyphens, lower-case (lunr.js's tokenizer);
2. fold: drop accents and other marks, and spell letters that have no decomposition in plain
   Latin (Maltese ħ, Vietnamese đ, ...), so "Saħħtek" and "Sahhtek" are one word;
3. trim anything that is not a letter or a digit from both ends, in any script (lunr's own
   trimmer only knows ASCII letters, and would cut a leading "ħ");
4. drop English stop words, then stem: lunr.py's stop word filter, and lunr.py's Porter
   stemmer with its step 1c made the same as lunr.js's (see `LunrJsPorterStemmer`).

Besides the terms, the index keeps the site's own words before stemming (`spelling_of`): the
browser corrects a mistyped word, and says "Did you mean …?", from them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

# JavaScript's \s (what lunr.js splits on) plus the hyphen; Python's \s differs in a few places.
SEPARATOR = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+"
)
# Letters that Unicode does not decompose into a base letter and a mark.
LETTERS_WITHOUT_DECOMPOSITION = {
    "ħ": "h",
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",  # noqa: RUF001 (dotless i, Turkish)
    "þ": "th",
    "ŧ": "t",
}
NOT_LETTER_OR_DIGIT_AT_ENDS = re.compile(r"^[\W_]+|[\W_]+$")


def tokens_of(text: str) -> list[str]:
    """Return the lower-cased words of `text`, split as lunr.js splits them."""
    return [word for word in SEPARATOR.split(text.lower()) if word]


def fold(word: str) -> str:
    """Return `word` without accents or marks, in plain Latin letters where Unicode allows."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))
    return "".join(LETTERS_WITHOUT_DECOMPOSITION.get(char, char) for char in bare)


def trim(word: str) -> str:
    """Return `word` without the punctuation and symbols at its ends."""
    return NOT_LETTER_OR_DIGIT_AT_ENDS.sub("", word)


class LunrJsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer, with step 1c as lunr.js has it.

    lunr.py turns a final y into i whenever the stem holds a vowel ("days" -> "dai"); lunr.js
    only after a consonant that is not the first letter ("days" -> "day", "cry" -> "cri").
    Queries are stemmed by lunr.js, so the index must agree with it."""

    def step1c(self):
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


STEMMER = LunrJsPorterStemmer()


def stem_token(token, i=None, tokens=None):
    return token.update(STEMMER.stem)


def fold_token(token, i=None, tokens=None):
    return token.update(lambda string, metadata: fold(string))


def trim_token(token, i=None, tokens=None):
    """Trim a token; drop it if nothing is left (lunr.js drops empty tokens, lunr.py not)."""
    token.update(lambda string, metadata: trim(string))
    return token if token.string else None


# lunr serialises a pipeline by these names; lunr.js registers the same names.
Pipeline.register_function(fold_token, "foldDiacritics")
Pipeline.register_function(trim_token, "trimAnyScript")
Pipeline.register_function(stem_token, "stemmerLikeLunrJs")


def index_pipeline() -> Pipeline:
    """Return the pipeline documents go through before they are indexed."""
    pipeline = Pipeline()
    pipeline.add(fold_token, trim_token, stop_word_filter, stem_token)
    return pipeline


INDEX_PIPELINE = index_pipeline()


@cache
def term_of(word: str) -> str | None:
    """Return the index term for one lower-cased word, or None for a stop word or nothing.

    A site's vocabulary is small next to its word count, so the result is kept per word:
    this is what makes indexing 10,000 articles take seconds, not minutes."""
    terms = INDEX_PIPELINE.run([Token(word)])
    return str(terms[0]) if terms and str(terms[0]) else None


def terms_of(text: str) -> list[str]:
    """Return the index terms of `text`, in order, repeats kept (they count in scoring)."""
    return [term for term in map(term_of, tokens_of(text)) if term]


# The shortest word the index keeps for corrections: shorter ones make poor suggestions.
MIN_WORD_LETTERS = 3


@cache
def spelling_of(word: str) -> str | None:
    """Return a lower-cased word as the site spells it, for corrections: without the
    punctuation at its ends, accents kept; None if it is not made of letters only (numbers,
    codes, addresses), is shorter than MIN_WORD_LETTERS or is a stop word. Its folded form,
    `surface_of`, is what a reader's word is compared with."""
    spelling = trim(unicodedata.normalize("NFC", word))
    surface = surface_of(spelling)
    if len(surface) < MIN_WORD_LETTERS or not surface.isalpha() or not term_of(spelling):
        return None
    return spelling


@cache
def surface_of(spelling: str) -> str:
    """Return a word folded and trimmed as the index does before stemming ("Saħħtek" ->
    "sahhtek"), which is also what the browser does to each word of a query."""
    return trim(fold(spelling.lower()))

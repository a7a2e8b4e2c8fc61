"""How text becomes search terms: the same steps, in the same order, as the browser applies to
what a reader types (`theme/static/js/search-core.js`). Change one, change the other; the
tests compare them, language by language, on every word of the sample site.

Each language is analysed its own way (an "analysis", named in the index's meta.json so the
browser applies the same one):

1. split on white space and hyphens (lunr.js's tokenizer), in Maltese on apostrophes too,
   then lower-case;
2. fold: drop accents and other marks, and spell letters that have no decomposition in plain
   Latin (Maltese ħ, Vietnamese đ, ...), so "Saħħtek" and "Sahhtek" are one word;
3. trim anything that is not a letter or a digit from both ends, in any script (lunr's own
   trimmer only knows ASCII letters, and would cut a leading "ħ");
4. English: drop English stop words, then stem (lunr.py's stop word filter, and lunr.py's
   Porter stemmer with its step 1c made the same as lunr.js's, see `LunrJsPorterStemmer`).
   Maltese: drop the article and the particles that elision and hyphens cut off ("ta'",
   "tal-", "f'"), never stem. Vietnamese and any other language: nothing more.

Why our own folding and no lunr-languages: it has no Maltese or Vietnamese, and its stemmers
for other languages would not match what Python does here. The Porter stemmer is for English
only: it cuts Maltese words by English endings ("dipartiment" -> "diparti", "nies" ->
"ni", which would then match "diparti…" and "ni…" words that have nothing to do with them), so
other languages are folded and matched whole, or by prefix while the reader types.

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

# JavaScript's \s (what lunr.js splits on); Python's \s differs in a few places.
WHITE_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# Maltese elides with an apostrophe ("ta' Malta", "f'Għawdex", "x'inhu"): the straight one,
# and the curly ones our typography and editors' keyboards put in its place.
APOSTROPHES = "'\u2018\u2019\u02bc"
SEPARATOR = re.compile(f"[{WHITE_SPACE}-]+")
MALTESE_SEPARATOR = re.compile(f"[{WHITE_SPACE}{APOSTROPHES}-]+")
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
# Maltese words that say nothing alone, folded: the article in all its forms ("il-", "l-",
# "is-", "ż-" -> "iz"), the particles that elision or a hyphen cuts off ("ta'", "tal-",
# "f'", "bl-", "mal-") and "u" (and), "li" (that), "jew" (or). Left in, they would be terms
# of nearly every Maltese document and make "ta' Malta" demand a page with a lone "ta".
MALTESE_STOP_WORDS = frozenset({
    "il", "l", "ic", "id", "in", "ir", "is", "it", "ix", "iz",
    "ta", "tal", "tac", "tad", "tan", "tar", "tas", "tat", "tax", "taz",
    "f", "fi", "fil", "fl", "b", "bi", "bil", "bl", "ma", "mal", "sa", "sal",
    "lil", "lill", "mill", "minn", "ghal", "ghall", "u", "li", "jew", "x", "m", "s",
})  # fmt: skip

# The analysis of each language by its code (the first part of a tag such as "mt-MT"); a
# language not named here is folded and nothing more.
ENGLISH, MALTESE, FOLDED = "english", "maltese", "folded"
ANALYSIS_OF_LANGUAGE = {"en": ENGLISH, "mt": MALTESE, "vi": FOLDED}


def analysis_of(lang: str | None) -> str:
    """Return the name of the analysis for a language code or tag ("mt", "en-GB")."""
    primary = str(lang or "").lower().replace("_", "-").split("-")[0]
    return ANALYSIS_OF_LANGUAGE.get(primary, FOLDED)


def tokens_of(text: str, analysis: str = ENGLISH) -> list[str]:
    """Return the lower-cased words of `text`, split as the browser splits them."""
    separator = MALTESE_SEPARATOR if analysis == MALTESE else SEPARATOR
    return [word for word in separator.split(text.lower()) if word]


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


def maltese_stop_word_filter(token, i=None, tokens=None):
    return None if token.string in MALTESE_STOP_WORDS else token


# lunr serialises a pipeline by these names; lunr.js registers the same names.
Pipeline.register_function(fold_token, "foldDiacritics")
Pipeline.register_function(trim_token, "trimAnyScript")
Pipeline.register_function(stem_token, "stemmerLikeLunrJs")
Pipeline.register_function(maltese_stop_word_filter, "stopWordFilterMaltese")

PIPELINE_STEPS = {
    ENGLISH: (fold_token, trim_token, stop_word_filter, stem_token),
    MALTESE: (fold_token, trim_token, maltese_stop_word_filter),
    FOLDED: (fold_token, trim_token),
}


def index_pipeline(analysis: str = ENGLISH) -> Pipeline:
    """Return the pipeline a document of this analysis goes through before it is indexed."""
    pipeline = Pipeline()
    pipeline.add(*PIPELINE_STEPS.get(analysis, PIPELINE_STEPS[FOLDED]))
    return pipeline


INDEX_PIPELINES = {analysis: index_pipeline(analysis) for analysis in PIPELINE_STEPS}


@cache
def term_of(word: str, analysis: str = ENGLISH) -> str | None:
    """Return the index term for one lower-cased word, or None for a stop word or nothing.

    A site's vocabulary is small next to its word count, so the result is kept per word:
    this is what makes indexing 10,000 articles take seconds, not minutes."""
    pipeline = INDEX_PIPELINES.get(analysis, INDEX_PIPELINES[FOLDED])
    terms = pipeline.run([Token(word)])
    return str(terms[0]) if terms and str(terms[0]) else None


def terms_of(text: str, analysis: str = ENGLISH) -> list[str]:
    """Return the index terms of `text`, in order, repeats kept (they count in scoring)."""
    terms = (term_of(token, analysis) for token in tokens_of(text, analysis))
    return [term for term in terms if term]


# The shortest word the index keeps for corrections: shorter ones make poor suggestions.
MIN_WORD_LETTERS = 3


@cache
def spelling_of(word: str, analysis: str = ENGLISH) -> str | None:
    """Return a lower-cased word as the site spells it, for corrections: without the
    punctuation at its ends, accents kept; None if it is not made of letters only (numbers,
    codes, addresses), is shorter than MIN_WORD_LETTERS or is a stop word. Its folded form,
    `surface_of`, is what a reader's word is compared with."""
    spelling = trim(unicodedata.normalize("NFC", word))
    surface = surface_of(spelling)
    if (len(surface) < MIN_WORD_LETTERS or not surface.isalpha()
            or not term_of(spelling, analysis)):  # fmt: skip
        return None
    return spelling


@cache
def surface_of(spelling: str) -> str:
    """Return a word folded and trimmed as the index does before stemming ("Saħħtek" ->
    "sahhtek"), which is also what the browser does to each word of a query."""
    return trim(fold(spelling.lower()))

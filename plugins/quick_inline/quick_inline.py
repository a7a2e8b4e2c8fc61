"""Quick inline: Python-Markdown's inline pass, without trying patterns that cannot match.

For every piece of text in a page (each paragraph, list item, heading, and the text after
each link or emphasis), Python-Markdown's inline processor tries each of its inline patterns
in turn through a general method that costs a few microseconds even when the pattern is
nowhere in the text. Our settings have 15 such patterns, and `smarty` (curly quotes, dashes,
ellipses) runs a second inline pass with 18 more: about 20 tries a piece of text, nearly all
of them misses. That was a fifth of the CPU time of a whole build, most of it in the read
workers (plugins/parallel_read).

This plugin adds a Markdown extension that puts, in front of each try, the two cheapest tests
that tell a miss: a character that any match must contain (worked out once from the
pattern's regular expression) is not in the text, or the expression finds nothing from where
the try would start. A pattern that passes both goes through Python-Markdown's own method, so
everything a match does is unchanged; a pattern that fails either could not have matched
there. The HTML is the same, byte for byte (tests/plugins/test_quick_inline.py compares
both on every sample and generated source), and Markdown takes about half the time.

Why our own: Python-Markdown has no setting for this, and no published extension does it.
It overrides one private method of Python-Markdown's InlineProcessor and calls another
(Markdown is pinned in requirements.txt); without them (another Markdown), the extension
leaves Markdown as it is. The required characters come from Python's own parser of regular
expressions (`re._parser`); without it, only the second test is made.

Signal: `initialized` (add the extension to MARKDOWN; this plugin comes first in PLUGINS,
before anything reads a source or forks the read workers).
"""

from __future__ import annotations

import functools
import re

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as NewStylePattern
from markdown.treeprocessors import InlineProcessor
from pelican import signals

try:  # private modules of the standard library: a later Python may move them
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre = sre_parse = None

EXTENSION = "quick_inline.quick_inline:QuickInlineExtension"
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) if sre else ()


@functools.cache
def required_characters(regex: re.Pattern) -> tuple[str, ...] | None:
    """Return characters of which every match of `regex` contains at least one, or None
    when the expression gives no such set (a class such as \\s, a case-blind match...)."""
    if sre_parse is None or regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags)
    except Exception:  # an expression this Python parses otherwise: no shortcut
        return None
    found = _of_sequence(parsed)
    return tuple(sorted(found)) if found else None


def _of_sequence(items) -> frozenset[str] | None:
    """Every item of a sequence is part of each match: the first that requires characters
    will do. Lookarounds, anchors and optional items require none."""
    for op, argument in items:
        found = _of_item(op, argument)
        if found is not None:
            return found
    return None


def _of_item(op, argument) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return frozenset(chr(argument))
    if op is sre.IN:  # a class: only a plain list of characters says which one
        kinds = {kind for kind, _ in argument}
        return frozenset(chr(value) for _, value in argument) if kinds == {sre.LITERAL} else None
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sequence = argument
        return None if add_flags & re.IGNORECASE else _of_sequence(sequence)
    if op is sre.ATOMIC_GROUP:
        return _of_sequence(argument)
    if op in REPEATS:
        least, _most, sequence = argument
        return _of_sequence(sequence) if least >= 1 else None
    if op is sre.BRANCH:  # one of the alternatives matches: each must require some
        found = [_of_sequence(branch) for branch in argument[1]]
        return None if None in found else frozenset().union(*found)
    return None


def _quick_test(pattern):
    """Return (pattern, its expression's search, the characters it requires); the search is
    None for old-style patterns, which Python-Markdown matches otherwise."""
    if not isinstance(pattern, NewStylePattern):
        return pattern, None, None
    regex = pattern.getCompiledRegExp()
    return pattern, regex.search, required_characters(regex)


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, whose pattern loop skips the patterns that cannot
    match (the loop is Python-Markdown's own, `__handleInline`, with the two tests added)."""

    def run(self, tree, ancestors=None):
        self.quick_tests = [_quick_test(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        tests = self.quick_tests
        start = 0
        while patternIndex < len(tests):
            pattern, search, needs = tests[patternIndex]
            if search is not None and (
                (needs is not None and not any(map(data.__contains__, needs)))
                or search(data, start) is None
            ):
                # What Python-Markdown's method returns for a pattern that does not match.
                matched, start = False, 0
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class QuickInlineExtension(Extension):
    """Puts QuickInlineProcessor in place of each of Markdown's inline processors (the
    core one and smarty's): the extension comes after the ones that add them."""

    def extendMarkdown(self, md) -> None:
        if not all(
            hasattr(InlineProcessor, name)
            for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
        ):
            return  # not the Python-Markdown this was written for: leave it as it is
        for item in list(md.treeprocessors._priority):
            processor = md.treeprocessors[item.name]
            if type(processor) is InlineProcessor:
                quick = QuickInlineProcessor(md)
                quick.inlinePatterns = processor.inlinePatterns
                md.treeprocessors.register(quick, item.name, item.priority)


def makeExtension(**kwargs) -> QuickInlineExtension:
    return QuickInlineExtension(**kwargs)


def add_extension(pelican) -> None:
    """Add the extension, last, to the Markdown settings every reader is made with."""
    configs = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extension_configs", {})
    configs.pop(EXTENSION, None)
    configs[EXTENSION] = {}


def register():
    signals.initialized.connect(add_extension)

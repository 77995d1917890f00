"""A word list as one compiled regular expression shaped like a trie.

Python's `re` tries the alternatives of ``a|b|c`` one by one at every position, so a
plain alternation of thousands of names is slow; the same words folded into a trie
(``北(?:京市?|...)``) are matched in one pass, longest word first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words`, preferring the longest at each position."""
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = True
    return _node(root) if root else "(?!)"


def _node(node: dict) -> str:
    ends = _END in node
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy `?`: try the longer word first, fall back to the word ending here.
    return f"(?:{body})?" if ends else body

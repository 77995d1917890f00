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


class TrieScanner:
    """Leftmost-longest, non-overlapping matches of a word list, as `re.finditer` over
    `trie_pattern(words)` gives them, but faster for lists with many first characters.

    `re` tries a trie's top-level alternatives one by one, so with ~1,000 first characters
    (the division names) every candidate position costs ~1,000 comparisons; here a
    character class finds the candidate positions and a dict walk takes the longest word.
    """

    __slots__ = ("_first", "_root")

    def __init__(self, words: Iterable[str]) -> None:
        self._root: dict = {}
        shortest = 0
        for w in words:
            if not w:
                continue
            shortest = min(shortest, len(w)) if shortest else len(w)
            node = self._root
            for ch in w:
                node = node.setdefault(ch, {})
            node[_END] = True
        first = "".join(re.escape(ch) for ch in sorted(self._root))
        second = "".join(re.escape(ch) for ch in sorted({c for n in self._root.values() for c in n if c}))
        # Words of 2+ characters only: a candidate also needs a possible second character,
        # which halves the positions walked in Chinese prose.
        pattern = f"[{first}](?=[{second}])" if shortest >= 2 else f"[{first}]"
        self._first = re.compile(pattern if first else "(?!)")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match, left to right."""
        out: list[tuple[int, int]] = []
        root, search, n, i, end = self._root, self._first.search, len(text), 0, _END
        while (m := search(text, i)) is not None:
            i = m.start()
            node, j, last = root, i, -1
            while j < n and (node := node.get(text[j])) is not None:
                j += 1
                if end in node:
                    last = j
            if last > 0:
                out.append((i, last))
                i = last
            else:
                i += 1
        return out

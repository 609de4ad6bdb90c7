"""Line numbers for the objects of a JSON document, so JSON problems name their line too.

``json.loads`` forgets positions; this small scanner walks the text once and records
the line each object starts on, keyed by the same paths the JSON importer reports
(``facts[2]``, ``facts[2].questions[0]``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# Our format nests five levels deep; Python's parser recurses once per level and gives up
# (RecursionError) somewhere near a thousand, so a deeper file is refused before parsing.
MAX_DEPTH = 64


class NestedTooDeep(ValueError):
    """The document nests arrays and objects deeper than ``MAX_DEPTH`` from ``line`` on."""

    def __init__(self, line: int) -> None:
        super().__init__(f"the JSON nests more than {MAX_DEPTH} levels deep")
        self.line = line


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def loads_shallow(text: str) -> Any:
    """``json.loads`` for JSON that is not ours to trust (an Anki package's note types,
    decks and media list): raises ``NestedTooDeep`` before parsing a document nested
    deeper than ``MAX_DEPTH``, where ``json.loads`` itself would raise RecursionError."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise NestedTooDeep(text.count("\n", 0, match.start()) + 1)
        elif bracket in ("]", "}"):
            depth -= 1
    return json.loads(text)


@dataclass
class _Container:
    path: str
    is_object: bool
    index: int = 0
    key: str = ""
    expect_key: bool = True


def object_lines(text: str) -> dict[str, int]:
    """The line each object starts on, by path; raises ``NestedTooDeep``."""
    lines: dict[str, int] = {}
    stack: list[_Container] = []
    line, position, length = 1, 0, len(text)
    while position < length:
        char = text[position]
        if char == "\n":
            line += 1
        elif char == '"':
            end = _string_end(text, position)
            value = text[position + 1 : end]
            top = stack[-1] if stack else None
            if top and top.is_object and top.expect_key:
                top.key, top.expect_key = value, False
            line += value.count("\n")
            position = end
        elif char in "{[":
            path = _child_path(stack[-1]) if stack else ""
            if char == "{":
                lines[path] = line
            stack.append(_Container(path, char == "{"))
            if len(stack) > MAX_DEPTH:
                raise NestedTooDeep(line)
        elif char in "}]" and stack:
            stack.pop()
        elif char == "," and stack:
            stack[-1].index += 1
            stack[-1].expect_key = True
        position += 1
    return lines


def _string_end(text: str, start: int) -> int:
    position = start + 1
    while position < len(text) and text[position] != '"':
        position += 2 if text[position] == "\\" else 1
    return position


def _child_path(parent: _Container) -> str:
    if parent.is_object:
        return f"{parent.path}.{parent.key}" if parent.path else parent.key
    return f"{parent.path}[{parent.index}]"

"""Line numbers for a TOML file's tables and keys.

``tomllib`` returns plain dicts without positions, yet every problem must be reported
with its line. This scanner reads the text once and remembers where each table header
and each key of each table starts. It understands the parts of TOML our content uses
(tables, arrays of tables, multi-line arrays and strings); on anything stranger it
falls back to the table's header line, which is still close to the problem.

It also finds keys and tables defined twice, which TOML forbids: ``tomllib`` stops at
the first one, but we want to report all of them and keep checking the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TablePath = tuple[str | int, ...]

_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=(.*)$""")
_STRING = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


@dataclass
class TableLines:
    header: int
    keys: dict[str, int] = field(default_factory=dict)


@dataclass
class Duplicate:
    """A key or table header defined a second time, and the lines its definition spans."""

    name: str
    first_line: int
    start: int
    end: int
    is_table: bool


@dataclass
class FileLines:
    tables: dict[TablePath, TableLines] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def line_of(self, table: TablePath, key: str | None = None) -> int:
        """The line of ``key`` in ``table``, else the table's header, else line 1."""
        lines = self.tables.get(table)
        if lines is None:
            return 1
        if key is not None and key in lines.keys:
            return lines.keys[key]
        return lines.header

    def without_duplicates(self, text: str) -> str:
        """The text with every second definition blanked out, so the rest can be parsed."""
        rows = text.split("\n")
        for duplicate in self.duplicates:
            for number in range(duplicate.start, duplicate.end + 1):
                rows[number - 1] = ""
        return "\n".join(rows)


def _unquote(name: str) -> str:
    return name[1:-1] if name[:1] in {'"', "'"} else name


def _value_state(value: str) -> tuple[str | None, int]:
    """After a key's value text: the multi-line string delimiter still open, if any, and
    the bracket depth still open (a multi-line array)."""
    outside: list[str] = []
    position = 0
    while position < len(value):
        match = _STRING.search(value, position)
        if match is None:
            outside.append(value[position:])
            break
        outside.append(value[position : match.start()])
        token = match.group(0)
        if token in {'"""', "'''"}:
            closing = value.find(token, match.end())
            if closing < 0:
                return token, 0
            position = closing + 3
        else:
            position = match.end()
    code = "".join(outside).split("#", 1)[0]
    depth = code.count("[") + code.count("{") - code.count("]") - code.count("}")
    return None, depth


def scan(text: str) -> FileLines:
    """Find the line of every table header and key in ``text`` (1-based)."""
    result = FileLines(tables={(): TableLines(header=1)})
    array_counts: dict[str, int] = {}
    current: TablePath = ()
    open_string: str | None = None
    depth = 0
    rows = text.split("\n")
    # A second definition whose last line is not known yet (multi-line value or table).
    pending_key: Duplicate | None = None
    pending_table: Duplicate | None = None

    for number, row in enumerate(rows, start=1):
        if open_string is not None or depth > 0:
            if open_string is not None:
                open_string = None if open_string in row else open_string
            else:
                depth = max(0, depth + _value_state(row)[1])
            if open_string is None and depth == 0 and pending_key is not None:
                pending_key.end = number
                pending_key = None
            continue
        table = _TABLE.match(row)
        if table:
            if pending_table is not None:
                pending_table.end = number - 1
                pending_table = None
            name = ".".join(_unquote(part.strip()) for part in table.group(2).split("."))
            if table.group(1) == "[[":
                index = array_counts.get(name, 0)
                array_counts[name] = index + 1
                current = (name, index)
            elif (name,) in result.tables:
                first = result.tables[(name,)].header
                pending_table = Duplicate(name, first, number, len(rows), is_table=True)
                result.duplicates.append(pending_table)
                current = ("<duplicate>", number)
            else:
                current = (name,)
            result.tables[current] = TableLines(header=number)
            continue
        key = _KEY.match(row)
        if not key:
            continue
        name = _unquote(key.group(1))
        open_string, depth = _value_state(key.group(2))
        depth = max(0, depth)
        keys = result.tables[current].keys
        if name in keys:
            duplicate = Duplicate(name, keys[name], number, number, is_table=False)
            result.duplicates.append(duplicate)
            if open_string is not None or depth > 0:
                pending_key = duplicate
        else:
            keys[name] = number
    return result

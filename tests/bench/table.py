from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    figure: str  # e.g. "answers/s ÷ reference, SQLite, 16 learners"
    ours: float  # the measured value
    reference: float  # the value it is compared with, measured in the same run
    unit: str  # "s", "rows/s", "MB", ...
    ratio: float  # as the goal states it
    goal: str  # e.g. ">= 0.5"
    met: bool

"""Tests of ``quizapp/loader/``: ``flask content check/load/draft``."""

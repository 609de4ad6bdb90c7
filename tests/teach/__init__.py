"""Tests of ``quizapp/teach/``: classes, uploads, bank editing, ``flask bank``."""

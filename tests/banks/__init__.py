"""Tests of ``quizapp/banks/``: who may see which bank."""

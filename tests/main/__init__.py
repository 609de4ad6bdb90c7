"""Tests of ``quizapp/main/``: the home page and what every page carries."""

"""Tests of ``quizapp/demo/``: ``flask demo seed``."""

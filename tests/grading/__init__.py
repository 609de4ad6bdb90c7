"""Tests of ``quizapp/grading.py``: answer checking and ratings."""

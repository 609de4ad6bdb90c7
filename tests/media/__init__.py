"""Tests of ``quizapp/media/``: a bank's images, checked, stored, served and imported."""

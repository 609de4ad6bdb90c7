"""LTI 1.3 tool: the LMS launches quizapp, links banks and quizzes, gets scores and rosters.

The protocol's token work is done by ``joserfc`` (``tokens.py``) and its HTTP calls by
``httpx`` (``services.py``); the rest of this package maps the LMS's users, courses and
links onto our accounts, classes and assignments.
"""

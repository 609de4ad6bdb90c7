"""Tests of ``quizapp/simulation/`` and ``flask scheduler``: simulator, weights, load balancing."""

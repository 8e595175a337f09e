"""Scoring: the score report schema and judging with the engines the settings ask for."""

"""The headless engine: text analysis, phase classification, coverage, flow and scoring."""

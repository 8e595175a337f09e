"""Scenario and rubric content: pydantic models, YAML loading with line numbers, the library."""

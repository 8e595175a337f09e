"""mlsd-trainer: a mock-interview trainer for machine-learning system design.

The package is a headless core (content, engine, transcripts, reports) under
thin shells (the CLI now, the Textual app later). Nothing imported from here
pulls in Textual or the openai client.
"""

__version__ = "0.1.0"

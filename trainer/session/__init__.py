"""A session: its document, the SQLite store it lives in, and the live service both shells drive.

Empty on purpose: importing `trainer.session.modes` at CLI start must not load the store."""

"""The optional LLM layer: phrasing the interviewer's moves and a second judge for the score.

Nothing here decides anything the offline engine does not: the interviewer's
moves come from `trainer.interviewer`, and the LLM judge can only add credit
for rubric items it backs with a verified verbatim quote. Every failure is an
`LLMUnavailable` and the caller keeps the offline result. Importing this package
does not import `openai` (about a second of start-up).
"""

from trainer.llm.client import LLMClient, LLMUnavailable, warm_up

__all__ = ["LLMClient", "LLMUnavailable", "warm_up"]

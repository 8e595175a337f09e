"""The offline interviewer: decides each move and its text from the scenario, the rubric and the session."""

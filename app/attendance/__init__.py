"""Sign-in at the meeting: who is present, and whether the quorum is reached."""

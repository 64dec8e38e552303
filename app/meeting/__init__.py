"""Hội nghị bầu cử: each role's landing page and the meeting stepper of a round."""

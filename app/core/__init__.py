"""Shared plumbing: the declarative base, time, text normalisation, security headers."""

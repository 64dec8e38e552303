"""Household voter rolls: households, people, representatives."""

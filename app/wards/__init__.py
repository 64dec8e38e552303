"""Wards (phường) and their residential groups (tổ dân phố)."""

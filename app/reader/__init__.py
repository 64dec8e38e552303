"""Đọc phiếu: the app's side of the ballot reader (reader/): commands that read a ward's own images."""

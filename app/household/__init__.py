"""Lấy ý kiến hộ gia đình bằng phiếu: the household ballot round after a meeting without quorum."""

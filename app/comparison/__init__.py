"""Kiểm tra đối chiếu phiếu: the comparison audit of a counted contest."""

"""Chụp ảnh phiếu: the camera page at the count, which frames a ballot and sends its photo to the reader."""

"""Readable one-time passwords: three Vietnamese syllables without diacritics and three digits."""

from __future__ import annotations

import secrets

from app.auth.services import AuthError, check_password_policy

#: Everyday syllables, typed without diacritics, none of them a confusing or unpleasant word. 256 words: each
#: carries 8 bits, so three words and three digits (2–9) give about 33 bits, plenty against a login that
#: backs off after a few failures; the user must replace the password at first login anyway.
WORDS = tuple("""
an anh ba bac ban bao bay ben bien binh bo bong bui ca cam canh cao cay chan chanh che chi chieu cho chuoi
chuong co com con cong cu cuc cui da dai dan dang dao dau day den dep dia dinh do doi dong du dua dung duong
em gao ghe gia giang gio giua ha hai han hang hat he hien hoa hoc hong hop hue hung huong huu kem keo khe
khoai kim la lai lam lan lang le len lien linh loc long lua luc lung ly mai man mang mat may me meo mien minh
moc moi mong mua muoi my nam nang ngan nghe ngo ngoc ngon nguyen nha nhan nhanh nho nhu non nui nuoc oanh ong
phong phu phuc qua quan que quyen quynh ra rau rong ruou sa sach sang sao sau sen son song suoi sung tai tam
tan tay thanh thao thap thay thien thinh tho thom thu thuan thuy tien tim tin to toan toi tra tran tre tri
trong truc trung tu tuan tuoi tuong tuyet uyen van vang vi viet vinh vui vuon vy xanh xe xoai xuan yen ai
bang bich cuong dat diep duy gam giao hanh hau hieu hoai hoang khang khanh khoa kieu lap lich loan luan mac
manh nga nghia nhat nhung ninh phat phuong quang sinh tang thai thang that thuong tinh trang truong
uy vien vu xuyen bup cat dam gieng khuong lieu nhi phan quy sam toai trinh khiem kha chau diu
""".split())
DIGITS = "23456789"  #: no 0/1, easily read as o/l on paper


def generate_password(username: str = "") -> str:
    """A fresh password such as "sen-mua-bien-472" that passes the password policy for `username`."""
    while True:
        words = [secrets.choice(WORDS) for _ in range(3)]
        password = "-".join(words) + "-" + "".join(secrets.choice(DIGITS) for _ in range(3))
        try:
            check_password_policy(password, username)
        except AuthError:
            continue
        return password

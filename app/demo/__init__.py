"""The demo wards: today's sample ward (Phường Bồ Đề (mẫu), nd-59-2023, 38 or more TDPs) and the 2017 Ngọc Thụy."""

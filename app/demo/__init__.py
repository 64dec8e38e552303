"""The demo ward: Phường Ngọc Thụy, 38 TDPs, 8,233 households, the 2017–2020 election."""

"""The province/city level (cấp tỉnh/thành phố): its read-only accounts and its dashboard of every ward."""

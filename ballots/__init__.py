"""The ballot print engine: layout, QR payload codec, PDF rendering; free of Flask and the app."""

"""QR codes for ballots: libzint encodes, and the modules are drawn as one PDF path fill."""

from __future__ import annotations

from dataclasses import dataclass

try:
    import zint
except ImportError:  # pragma: no cover - exercised by forcing the fallback in tests
    zint = None

#: Level M restores up to ~15% of damaged codewords: enough for a pen stroke,
#: a stamp's edge or a fold across the code. Our payloads fit version 3–4 at M;
#: Q or H would push them to version 5–6, shrinking every module of a code
#: printed at a fixed size and making cheap scans at 96 dpi unreliable, while
#: L would spare nothing we need. Fixed, so every ballot of a batch looks alike.
ERROR_CORRECTION = "M"
#: The blank margin a reader needs around the symbol, in modules (ISO 18004).
QUIET_ZONE = 4

_ZINT_ECC_LEVEL = {"L": 1, "M": 2, "Q": 3, "H": 4}[ERROR_CORRECTION]


@dataclass(frozen=True)
class QrMatrix:
    """The modules of one QR symbol, without its quiet zone."""

    size: int  #: modules per side
    #: Top row first, 8 modules a byte, least significant bit first; 1 is dark.
    #: Bits past ``size`` in a row's last byte are 0.
    rows: tuple[bytes, ...]

    def is_dark(self, x: int, y: int) -> bool:
        return bool(self.rows[y][x >> 3] >> (x & 7) & 1)


def encode(text: str) -> QrMatrix:
    """The QR symbol for ``text`` at level M, smallest version, modes chosen by the encoder.

    Text made only of QR alphanumeric characters (0-9 A-Z space $%*+-./:) is
    encoded in alphanumeric mode. libzint does the work; segno, pure Python
    and more than ten times slower, stands in only where the zint binding is not
    installed.
    """
    return encode_zint(text) if zint is not None else encode_segno(text)


def encode_zint(text: str) -> QrMatrix:
    """encode() through libzint."""
    symbol = zint.Symbol()
    symbol.symbology = zint.Symbology.QRCODE
    symbol.option_1 = _ZINT_ECC_LEVEL
    # FAST_MODE scores 4 of the 8 masks (0, 2, 4, 7) by the ISO penalty rules
    # instead of all 8: half the encoding time, and still no unscored mask.
    symbol.input_mode = zint.InputMode.FAST
    symbol.encode(text.encode("utf-8"))
    size = symbol.width
    # One bit per module, least significant first, rows of a fixed stride;
    # a new symbol's buffer is zeroed, so the bits past `size` are 0.
    data = symbol.encoded_data
    stride = data.strides[0]
    raw = data.cast("B")[: size * stride].tobytes()
    row_bytes = (size + 7) // 8
    return QrMatrix(size, tuple([raw[i : i + row_bytes] for i in range(0, size * stride, stride)]))


def encode_segno(text: str) -> QrMatrix:
    """encode() through segno: the fallback."""
    import segno

    code = segno.make_qr(text, error=ERROR_CORRECTION.lower(), boost_error=False)
    size = len(code.matrix)
    row_bytes = (size + 7) // 8
    return QrMatrix(
        size,
        tuple(
            sum(dark << x for x, dark in enumerate(row)).to_bytes(row_bytes, "little")
            for row in code.matrix
        ),
    )


class _ByteRects(dict):
    """(row, byte index, byte) -> the ``re`` operators for that byte's dark runs, built once."""

    def __missing__(self, key: tuple[int, int, int]) -> str:
        y, j, byte = key
        ops = []
        x = 0
        while x < 8:
            if byte >> x & 1:
                start = x
                while x < 8 and byte >> x & 1:
                    x += 1
                ops.append(f"{8 * j + start} {y} {x - start} 1 re\n")
            else:
                x += 1
        text = self[key] = "".join(ops)
        return text


_byte_rects = _ByteRects()


def path_operators(matrix: QrMatrix) -> str:
    """PDF path operators filling the dark modules, in module units, y counting down.

    Each run of dark modules within a byte of a row is one rectangle and the
    whole symbol one fill, so runs split at byte boundaries leave no seam.
    This is the per-page hot path of ballot printing: the operators of each
    (row, byte) are looked up, built once per process (a few thousand).
    """
    rects = _byte_rects
    ops = [rects[y, j, byte] for y, row in enumerate(matrix.rows) for j, byte in enumerate(row)]
    return "".join(ops) + "f"


def draw(canvas, matrix: QrMatrix, x: float, y: float, side: float) -> None:
    """Draw ``matrix`` with its quiet zone filling the square at (x, y) of ``side`` points."""
    module = side / (matrix.size + 2 * QUIET_ZONE)
    left = x + QUIET_ZONE * module
    top = y + side - QUIET_ZONE * module
    canvas.addLiteral(
        f"q 0 g {module:.4f} 0 0 {-module:.4f} {left:.3f} {top:.3f} cm\n"
        f"{path_operators(matrix)}\nQ"
    )

"""Text decoding as `spec/exports.md` says: UTF-8 (BOM or not), else cp1252."""

from __future__ import annotations

import codecs


def decode_text(data: bytes) -> str:
    """Decode export bytes: UTF-8 without its BOM, or cp1252 when not valid UTF-8.

    cp1252 leaves five byte values undefined; those decode to the matching control
    character instead of failing, so no file is rejected for its encoding alone.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


#: The byte order marks of UTF-16 (Excel's "Unicode Text" starts with the first).
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def utf8_text(data: bytes, *, checked: bool = True) -> bytes:
    """Delimited export bytes as UTF-8 without BOM, with `\n` line ends.

    UTF-16 with a BOM is decoded (a cut odd byte becomes U+FFFD, not a failure); bytes
    that are not UTF-8 are read as cp1252 (unless not `checked`: the caller then finds
    out itself); lines ending in a bare CR (old Mac Excel) get a `\n`. Binary content
    passes through as it is, for the caller to refuse.
    """
    if data.startswith(UTF16_BOMS):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    # ASCII is UTF-8: checking that is ~30x cheaper than decoding a whole file.
    if checked and not data.isascii():
        try:
            data.decode("utf-8")  # validation only: polars reads the UTF-8 bytes itself
        except UnicodeDecodeError:
            data = decode_text(data).encode("utf-8")
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    return data

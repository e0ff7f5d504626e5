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

"""MS-OVBA compression (2.4.1.3) for the VBA source streams of the add-in's vbaProject.bin.

ms-ovba's own compressor (ms_ovba_compression 1.0.1) corrupts text after a few hundred bytes (its output
does not decompress back, checked with oletools' decompress_stream), so the build uses this one: chunks
of up to 4096 bytes, copy tokens found through a table of 3-byte prefixes, a raw chunk where
compression would not help.
"""

from __future__ import annotations

CHUNK = 4096


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3 compression: a signature byte, then chunks of up to 4096 bytes of data."""
    out = bytearray([0x01])
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK:
            out += (0xB000 | (len(body) + 2 - 3)).to_bytes(2, "little") + body  # flag 1, signature 0b011
        else:  # raw, padded with zeros to 4096 bytes as the specification does (2.4.1.3.10)
            out += (0x3000 | (CHUNK + 2 - 3)).to_bytes(2, "little") + chunk.ljust(CHUNK, b"\0")
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """One chunk as token sequences: a flag byte, then eight literals or copy tokens."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    position = 0
    while position < len(chunk):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= len(chunk):
                break
            offset, length = _longest_match(chunk, position, seen)
            if length >= 3:
                bit_count = max(4, (position - 1).bit_length())
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = length
            else:
                out.append(chunk[position])
                step = 1
            for at in range(position, position + step):
                seen.setdefault(chunk[at:at + 3], []).append(at)
            position += step
        out[flag_at] = flags
    return bytes(out)


def _longest_match(chunk: bytes, position: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    """The longest earlier match (offset, length) within the chunk, as long as a copy token can say."""
    if position == 0:
        return 0, 0
    bit_count = max(4, (position - 1).bit_length())
    limit = min((0xFFFF >> bit_count) + 3, len(chunk) - position)
    best_offset, best_length = 0, 0
    for start in reversed(seen.get(chunk[position:position + 3], [])[-64:]):
        length = 0
        while length < limit and chunk[start + length] == chunk[position + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = position - start, length
            if length == limit:
                break
    return best_offset, best_length

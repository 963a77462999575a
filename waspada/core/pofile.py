"""Compiling gettext .po catalogues to .mo without GNU gettext (pure Python, no ORM).

A fresh machine may lack ``msgfmt``; Django's ``compilemessages`` needs it, so setup uses
this instead. Supports msgctxt, plurals and multi-line strings; fuzzy entries are skipped.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line))


def parse_po(text: str) -> dict[str, str]:
    """Catalogue as {key: translation}; keys use gettext's \\x04 (context) and \\x00 (plural)."""
    messages: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\x00" + "".join(entry["msgid_plural"])
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                msgstr = "\x00".join("".join(entry[k]) for k in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            if "msgctxt" in entry:
                msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
            if msgstr.replace("\x00", "") or msgid == "":
                messages[msgid] = msgstr
        entry = {}
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,") and "fuzzy" in line:
            if "msgid" in entry:
                flush()
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is not None:
                entry[current].append(_unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and ("msgstr" in entry or any(k.startswith("msgstr[") for k in entry)):
            flush()
        current = keyword
        entry[current] = [_unquote(rest)]
    flush()
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key in keys:
        k = key.encode("utf-8")
        v = messages[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    table = b""
    for id_off, id_len, _, _ in offsets:
        table += struct.pack("<II", id_len, key_start + id_off)
    for _, _, str_off, str_len in offsets:
        table += struct.pack("<II", str_len, value_start + str_off)
    header = struct.pack("<Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    path.write_bytes(header + table + ids + strs)


def compile_po(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    write_mo(parse_po(po_path.read_text(encoding="utf-8")), mo_path)
    return mo_path

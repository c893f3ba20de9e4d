#!/usr/bin/env python3
"""Builds assets/fonts/NotoSansSC-zonecheck.otf: the subset of Noto Sans CJK SC the app bundles.

Why a subset: the full face is 16 MB; the app needs simplified Chinese only. The subset holds
  - ASCII and Latin-1, general punctuation, CJK symbols and punctuation, full-width forms,
    degree/prime signs and a few math signs used in coordinates and areas;
  - every GB2312 hanzi (6,763) and symbol;
  - every non-ASCII character found in the repository's text and data (sample_data/, src/,
    docs, .dbf files decoded as GBK), so rare place-name characters such as 滏 潴 滹 are kept.
Layout tables (GSUB/GPOS) are dropped: egui does no shaping, and they are a large part of the size.

Source: Debian package fonts-noto-cjk (`apt-get install fonts-noto-cjk`), face 2 of
NotoSansCJK-Regular.ttc ("Noto Sans CJK SC"), SIL Open Font License 1.1 (see OFL.txt beside this).
Needs fontTools (`pip install fonttools`). Run from anywhere:  python3 assets/fonts/subset_font.py
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCE = os.environ.get("NOTO_CJK_TTC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FACE_SC = 2
OUT = os.path.join(HERE, "NotoSansSC-zonecheck.otf")
TEXT_EXT = {".rs", ".md", ".toml", ".geojson", ".json", ".csv", ".txt", ".prj", ".cpg"}
SCAN_DIRS = ["sample_data", "src", "tests", "docs", "README.md"]
# Characters that must always be present even before the sample data exists (rare place names in
# Hengshui and Hebei, checked against GB2312 below).
ALWAYS = "滏潴滹冀衡桃枣饶邑故武邢沧"


def gb2312_chars():
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def repo_chars():
    found = set()
    for entry in SCAN_DIRS:
        root = os.path.join(REPO, entry)
        paths = []
        if os.path.isfile(root):
            paths = [root]
        elif os.path.isdir(root):
            for dirpath, _, files in os.walk(root):
                paths += [os.path.join(dirpath, f) for f in files]
        for path in paths:
            ext = os.path.splitext(path)[1].lower()
            try:
                raw = open(path, "rb").read()
            except OSError:
                continue
            if ext in TEXT_EXT:
                text = raw.decode("utf-8", errors="ignore")
            elif ext == ".dbf":
                # Either encoding may be used; take CJK ideographs from both readings.
                text = raw.decode("gbk", errors="ignore") + raw.decode("utf-8", errors="ignore")
                text = "".join(c for c in text if "\u4e00" <= c <= "\u9fff")
            else:
                continue
            found.update(c for c in text if ord(c) > 0x7E and c.isprintable())
    return found


def main():
    chars = set(gb2312_chars()) | repo_chars() | set(ALWAYS)
    ranges = [
        (0x20, 0x7E),      # ASCII
        (0xA0, 0xFF),      # Latin-1 (°, ±, ×, ², ·)
        (0x2000, 0x206F),  # general punctuation (— ‘ ’ “ ” … ′ ″)
        (0x2100, 0x218F),  # letterlike, number forms (℃, №, Ⅰ…)
        (0x2190, 0x21FF),  # arrows
        (0x2460, 0x24FF),  # enclosed numbers ①
        (0x25A0, 0x25FF),  # geometric shapes ■ ● ▲
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # full-width forms
    ]
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    unicodes = ",".join(f"U+{ord(c):04X}" for c in sorted(chars))
    cmd = [
        sys.executable, "-m", "fontTools.subset", SOURCE,
        f"--font-number={FACE_SC}",
        f"--unicodes={unicodes}",
        "--layout-features=",
        "--no-hinting",
        "--name-IDs=*",
        "--notdef-outline",
        f"--output-file={OUT}",
    ]
    subprocess.run(cmd, check=True)
    print(f"{OUT}: {os.path.getsize(OUT)} bytes, {len(chars)} characters requested")


if __name__ == "__main__":
    main()

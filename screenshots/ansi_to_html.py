"""Turns a `tmux capture-pane -e -p` capture into an HTML page where every terminal cell sits on
an exact grid (wide characters take two cells), for headless Chromium to render as a PNG.

    python3 ansi_to_html.py capture.ansi COLUMNS ROWS > page.html

Only SGR sequences (colours, bold, reverse, ...) are expected in a capture; anything else is
dropped, so no stray escape code can reach the picture.
"""
import html
import re
import sys
import unicodedata

try:
    from wcwidth import wcwidth
except ImportError:  # pragma: no cover - Debian's python3 may lack it; East Asian width is close
    def wcwidth(ch):
        if unicodedata.combining(ch):
            return 0
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

CELL_W, CELL_H = 9, 19  # pixels: a 15 px monospace font
PALETTE = [
    "#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4",
    "#5c6370", "#ef596f", "#a5e075", "#f0c674", "#74b8f3", "#d19cf0", "#6fcfdb", "#ffffff",
]
DEFAULT_FG, DEFAULT_BG = "#dcdfe4", "#1e1e1e"


def xterm256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (level, level, level)


class Style:
    def __init__(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def copy(self):
        other = Style()
        other.__dict__.update(self.__dict__)
        return other

    def apply(self, codes):
        codes = codes or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.__init__()
            elif c == 1: self.bold = True
            elif c == 2: self.dim = True
            elif c == 3: self.italic = True
            elif c == 4: self.underline = True
            elif c == 7: self.reverse = True
            elif c == 22: self.bold = self.dim = False
            elif c == 23: self.italic = False
            elif c == 24: self.underline = False
            elif c == 27: self.reverse = False
            elif 30 <= c <= 37: self.fg = PALETTE[c - 30]
            elif 90 <= c <= 97: self.fg = PALETTE[c - 90 + 8]
            elif 40 <= c <= 47: self.bg = PALETTE[c - 40]
            elif 100 <= c <= 107: self.bg = PALETTE[c - 100 + 8]
            elif c == 39: self.fg = None
            elif c == 49: self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = xterm256(codes[i + 2]); i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5]); i += 4
                else:
                    colour = None
                if c == 38: self.fg = colour
                else: self.bg = colour
            i += 1

    def css(self):
        fg, bg = self.fg or DEFAULT_FG, self.bg or DEFAULT_BG
        if self.reverse:
            fg, bg = bg, fg
        parts = ["color:%s" % fg, "background:%s" % bg]
        if self.bold: parts.append("font-weight:bold")
        if self.dim: parts.append("opacity:0.7")
        if self.italic: parts.append("font-style:italic")
        if self.underline: parts.append("text-decoration:underline")
        return ";".join(parts)


SEQUENCE = re.compile(r"\x1b\[([0-9;:]*)([A-Za-z])|\x1b[()][0-9A-Za-z]|\x1b.")


def cells(line, style):
    """Yields (column, text, width, style) for each printed character of one captured line."""
    column, position = 0, 0
    while position < len(line):
        match = SEQUENCE.match(line, position)
        if match:
            if match.group(2) == "m":
                style.apply([int(x) for x in re.split("[;:]", match.group(1)) if x != ""])
            position = match.end()
            continue
        ch = line[position]
        position += 1
        if ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0:
            continue  # a control byte in a capture is never drawn
        width = wcwidth(ch)
        if width < 0:
            continue
        if width == 0:
            continue  # combining marks are dropped rather than risk a misaligned cell
        yield column, ch, width, style.copy()
        column += width


def page(capture, columns, rows):
    style = Style()
    spans = []
    lines = capture.split("\n")[:rows]
    for row, line in enumerate(lines):
        for column, ch, width, cell_style in cells(line, style):
            if column >= columns:
                break
            spans.append(
                '<span style="left:%dpx;top:%dpx;width:%dpx;%s">%s</span>'
                % (column * CELL_W, row * CELL_H, width * CELL_W, cell_style.css(), html.escape(ch))
            )
    return """<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:%s}
#screen{position:relative;width:%dpx;height:%dpx;background:%s;overflow:hidden}
#screen span{position:absolute;height:%dpx;line-height:%dpx;text-align:center;white-space:pre;
font:15px 'DejaVu Sans Mono','Noto Sans Mono CJK SC','Noto Color Emoji',monospace}
</style><div id="screen">%s</div>""" % (
        DEFAULT_BG, columns * CELL_W, rows * CELL_H, DEFAULT_BG, CELL_H, CELL_H, "".join(spans))


if __name__ == "__main__":
    path, columns, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, encoding="utf-8", errors="replace") as f:
        sys.stdout.write(page(f.read(), columns, rows))

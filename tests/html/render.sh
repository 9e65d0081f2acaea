#!/bin/sh
# Renders the annotated HTML of the seed article in headless Chromium: takes a
# screenshot (it must be a real picture, not a blank page) and checks in the
# rendered DOM that every quote is highlighted and every speaker is in the
# legend. Skipped (77) when chromium is not installed.
#
#   sh tests/html/render.sh WHOSAID [SOURCE_ROOT [SCREENSHOT.png]]
set -u

. "$(dirname "$0")/../preamble.sh"
screenshot=${3:-}

chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
  echo "chromium not found (Debian: apt-get install chromium); skipping"
  exit 77
fi
command -v python3 >/dev/null || { echo "FAIL: python3 is needed"; exit 1; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
cp samples/cecot-article.txt "$tmp/cecot-article.txt"
if ! (cd "$tmp" && "$whosaid" annotate --html cecot-article.txt >/dev/null 2>"$tmp/err"); then
  echo "FAIL: whosaid annotate"; cat "$tmp/err"; exit 1
fi
page=$tmp/cecot-article.txt.quotes.html

render() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size=1200,2300 "$@" "file://$page" 2>>"$tmp/chromium.log"
}

render --screenshot="$tmp/page.png" >/dev/null
render --dump-dom >"$tmp/dom.html"

python3 - "$tmp/page.png" "$tmp/dom.html" "$tmp/cecot-article.txt.quotes.json" <<'PY' || { tail -5 "$tmp/chromium.log"; exit 1; }
import json, struct, sys, zlib
from html.parser import HTMLParser

png, dom, result = sys.argv[1:4]
data = open(png, 'rb').read() if __import__('os').path.exists(png) else b''
if not data.startswith(b'\x89PNG\r\n\x1a\n'):
    sys.exit('FAIL: no PNG screenshot')
width, height = struct.unpack('>II', data[16:24])
if (width, height) != (1200, 2300):
    sys.exit('FAIL: screenshot is %dx%d, expected 1200x2300' % (width, height))
# A blank or unstyled page compresses to a few kB; the article with its
# highlights is far larger.
if len(data) < 60000:
    sys.exit('FAIL: screenshot is only %d bytes: blank page?' % len(data))

# Decode the pixels (8-bit RGB or RGBA, no interlace) and count those in the
# highlight colours of the two speakers: amber #fde68a (Trump's five quotes)
# and sky blue #bae6fd (Eisen's one). The window is tall enough for the
# whole article.
chunks, pos = [], 8
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    if kind == b'IHDR':
        depth, colour = data[pos + 16], data[pos + 17]
    if kind == b'IDAT':
        chunks.append(data[pos + 8:pos + 8 + n])
    pos += 12 + n
if depth != 8 or colour not in (2, 6):
    sys.exit('FAIL: unexpected PNG format (depth %d, colour type %d)' % (depth, colour))
bpp = 3 if colour == 2 else 4
raw = zlib.decompress(b''.join(chunks))
stride = width * bpp
rows, prev, i = [], bytearray(stride), 0
for y in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); prev = line
def count(rgb):
    r0, g0, b0 = rgb
    return sum(1 for row in rows for x in range(0, stride, bpp)
               if abs(row[x] - r0) < 6 and abs(row[x + 1] - g0) < 6 and abs(row[x + 2] - b0) < 6)
amber, sky = count((0xfd, 0xe6, 0x8a)), count((0xba, 0xe6, 0xfd))
if amber < 20000 or sky < 4000:
    sys.exit('FAIL: highlights not visible: %d amber and %d sky-blue pixels' % (amber, sky))

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.quotes, self.legend = [], [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get('class') or '').split()
        if tag in ('meta', 'br', 'link'): return
        self.stack.append(tag)
        if tag == 'span' and 'q' in cls and 'article' in self.stack:
            self.quotes.append((a.get('data-rule'), a.get('title')))
        if tag == 'li' and 'speaker' in cls:
            self.legend.append('')
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag: self.stack.pop()
    def handle_data(self, d):
        if 'li' in self.stack and self.legend: self.legend[-1] += d
d = Dom(); d.feed(open(dom, encoding='utf-8').read())
doc = json.load(open(result, encoding='utf-8'))
if [r for r, _ in d.quotes] != [q['rule'] for q in doc['quotes']]:
    sys.exit('FAIL: rendered quote spans %s, expected the rules %s' % (d.quotes, [q['rule'] for q in doc['quotes']]))
for s in doc['speakers']:
    if not any(e.startswith(s['name']) and e.endswith(str(s['quotes'])) for e in d.legend):
        sys.exit('FAIL: %s (%d) not in the rendered legend %s' % (s['name'], s['quotes'], d.legend))
print('ok: %dx%d screenshot, %d bytes, %d amber and %d sky-blue highlight pixels; %d quotes and %d speakers in the DOM'
      % (width, height, len(data), amber, sky, len(d.quotes), len(d.legend)))
PY
[ -n "$screenshot" ] && cp "$tmp/page.png" "$screenshot" && echo "screenshot: $screenshot"
exit 0

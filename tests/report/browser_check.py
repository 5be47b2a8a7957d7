#!/usr/bin/env python3
"""Render the example report's HTML with headless Chromium: fail on any console message of
level error (or any failed network request: the file must be self-contained), check through
the DOM that every table and chart is there, check that the page does not overflow horizontally
(document scrollWidth against the window's innerWidth) and that no text column is squeezed (a wide
table scrolls in its own box instead) at 1280 px and at a phone's 390 px, and keep
a PNG screenshot as a test artefact.

usage: browser_check.py REPORT.html SCREENSHOT.png [TABLE_ID ...]
Exit 77 (skipped) when Chromium is not installed.
"""
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def chromium(args, profile):
    cmd = [CHROMIUM] + FLAGS + ["--user-data-dir=" + profile] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags = set(), {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)


# Appended to a copy of the page (the report itself has no script): the page's width against the
# window's, and what sticks out, written into the DOM for --dump-dom.
MEASURE = """<script>
window.addEventListener('load', () => {
  // Headless Chromium's window is at least 500 px wide: a narrower width is set on the page.
  const want = WIDTH, html = document.documentElement, body = document.body;
  if (window.innerWidth > want) html.style.width = want + 'px';
  const w = body.clientWidth, out = [];
  for (const el of document.querySelectorAll('main > *, section > *, table, svg, figure')) {
    const r = el.getBoundingClientRect();
    let clipped = false;  // inside a wrapper that scrolls
    for (let p = el.parentElement; p && p !== body; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= w + 1) clipped = true;
    if (r.right > w + 1 && !clipped) out.push((el.id || el.tagName.toLowerCase()) + ':' + Math.round(r.right));
  }
  // A cell of long text squeezed into a column too narrow to read (a wide table must scroll
  // instead), and the tables that scroll sideways in their box.
  const narrow = [];
  for (const td of document.querySelectorAll('td:not(.num)')) {
    const cw = td.getBoundingClientRect().width;
    if (td.textContent.trim().length > 40 && cw < MIN_CELL)
      narrow.push((td.closest('table').id || 'table') + ':' + Math.round(cw) + 'px');
  }
  const scrolling = [];
  for (const box of document.querySelectorAll('.table-scroll'))
    if (box.scrollWidth > box.clientWidth + 1) scrolling.push(box.querySelector('table').id.replace(/^table-/, ''));
  const p = document.createElement('pre');
  p.id = 'qda-measure';
  p.textContent = JSON.stringify({inner: w, scroll: body.scrollWidth, over: out.slice(0, 10),
                                  narrow: narrow.slice(0, 10), narrow_count: narrow.length, scrolling: scrolling});
  body.appendChild(p);
});
</script>"""
WIDTHS = (1280, 390)
# The narrowest a column of long text (a cell of more than 40 characters) may be rendered, in px
# (the report's CSS gives 12rem, 192 px).
MIN_CELL = 160


def overflow(page, profile, width):
    """At a window `width` px wide: (problem or None, tables that scroll in their box). A problem is
    the page overflowing horizontally, or a text column squeezed narrower than MIN_CELL px."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    probe = os.path.join(profile, "probe-%d.html" % width)
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", MEASURE.replace("MIN_CELL", str(MIN_CELL)).replace("WIDTH", str(width)) + "</body>"))
    dom = chromium(["--dump-dom", "--window-size=%d,900" % width, "--virtual-time-budget=2000", "file://" + probe], profile)
    m = re.search(r'<pre id="qda-measure">(.*?)</pre>', dom.stdout, re.S)
    if not m:
        return "at %d px: the page could not be measured" % width, []
    import json
    r = json.loads(html.unescape(m.group(1)))
    if r["scroll"] > r["inner"] or r["over"]:
        return "at %d px the page is %d px wide (window %d px): it overflows horizontally; sticking out: %s" % (
            width, r["scroll"], r["inner"], ", ".join(r["over"]) or "?"), r["scrolling"]
    if r["narrow"]:
        return "at %d px %d text cells are squeezed narrower than %d px (a wide table must scroll in its box, not wrap): %s" % (
            width, r["narrow_count"], MIN_CELL, ", ".join(r["narrow"])), r["scrolling"]
    return None, r["scrolling"]


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    page, shot, expected = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
    if not os.path.exists(CHROMIUM):
        print("browser_check: chromium not installed; skipped")
        return 77
    url = "file://" + page
    problems = []
    profile = tempfile.mkdtemp(prefix="qda-chromium-")
    try:
        # 1. the DOM after the page has loaded and laid out
        dom = chromium(["--dump-dom", url], profile)
        if dom.returncode != 0:
            problems.append("chromium --dump-dom failed: " + dom.stderr[-2000:])
        # 2. console messages and network errors, with logging to stderr
        log = chromium(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                        "--screenshot=" + shot, "--window-size=1280,2400", url], profile)
        for line in log.stderr.splitlines():
            if re.search(r"CONSOLE\(\d+\)|:CONSOLE|console", line) and re.search(r"error|Uncaught", line, re.I):
                problems.append("console error: " + line)
            if "net::ERR_" in line and "file://" + page not in line:
                problems.append("network error (the report must be self-contained): " + line)
        if not os.path.exists(shot) or os.path.getsize(shot) == 0:
            problems.append("no screenshot written to " + shot)
        # 3. no horizontal overflow on a desktop window and on a phone
        scrolling = {}
        for width in WIDTHS:
            o, scrolling[width] = overflow(page, profile, width)
            if o:
                problems.append(o)
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    parser = Dom()
    parser.feed(dom.stdout)
    for t in expected:
        if t not in parser.ids:
            problems.append("missing in the DOM: #" + t)
    if parser.tags.get("table", 0) == 0:
        problems.append("no <table> in the DOM")
    if parser.tags.get("svg", 0) == 0:
        problems.append("no inline <svg> chart in the DOM")
    for tag in ("script", "link", "img", "iframe"):
        if parser.tags.get(tag):
            problems.append("<%s> found: the report must be one file without external resources" % tag)
    if problems:
        print("\n".join(problems))
        return 1
    print("browser_check: %d tables, %d charts, ids %s present; no horizontal overflow and no text column under %d px at %s px "
          "(tables scrolling in their box: %s); screenshot %s"
          % (parser.tags.get("table", 0), parser.tags.get("svg", 0), " ".join(expected), MIN_CELL,
             " and ".join(str(w) for w in WIDTHS),
             "; ".join("%d at %d px%s" % (len(scrolling[w]), w, " (" + ", ".join(scrolling[w]) + ")" if 0 < len(scrolling[w]) <= 8 else "")
                       for w in WIDTHS), shot))
    return 0


if __name__ == "__main__":
    sys.exit(main())

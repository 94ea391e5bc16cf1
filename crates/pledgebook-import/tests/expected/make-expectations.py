"""Writes the expectation files for the reference report from the document
itself. Run from the repository root: python3 crates/pledgebook-import/tests/expected/make-expectations.py"""
import bisect
import re

DOC = 'data/documents/basic-plan-csec-fy2018-implementation.txt'
OUT = 'crates/pledgebook-import/tests/expected/'
raw = open(DOC, encoding='utf-8').read()
lines = raw.split('\n')
content = [(i + 1, l.strip()) for i, l in enumerate(lines) if l.strip()]

# How many printed lines each measure's title takes, pillar by pillar, read off the document.
TITLE_LINES = {
    1: "1 4 1 1 3 2 2 1 1 2 2 1 2 1 2 2 2 2 1 2 3",
    2: "2 1 2 2 1 2 1 1 2 1 1 1 1 1 1",
    3: "1 2 2 1 1 1 2 1 3",
    4: "2 1 1 1 2 1 1 1 1 1 1 2 1 1 2 1 1 1",
    5: "2 1 2 2 1 1 2 1 1 1 1 2",
    6: "2 2 1 1 1 1 2 1 1 2 1 1 2",
}


def roman(n):
    out = ''
    for v, s in [(10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')]:
        while n >= v:
            out += s
            n -= v
    return out


measures = []
pillar = measure = 0
for k, (no, t) in enumerate(content):
    m = re.match(r'^(\d)\. ', t)
    if m and int(m.group(1)) == pillar + 1:
        pillar += 1
        measure = 0
        continue
    m = re.match(r'^\(([ivx]+)\)\s*(.*)', t)
    counts = [int(x) for x in TITLE_LINES.get(pillar, '').split()]
    if m and pillar and m.group(1) == roman(measure + 1) and measure < len(counts):
        n = counts[measure]
        measure += 1
        title = ''
        for part in [m.group(2)] + [c[1] for c in content[k + 1:k + n]]:
            title = title + part if title.endswith('-') or not title else title + ' ' + part
        measures.append((f"{pillar}-({m.group(1)})", no, title))
with open(OUT + 'basic-plan-measures.tsv', 'w') as f:
    f.writelines(f"{i}\t{no}\t{t}\n" for i, no, t in measures)

LEGEND = ["National Police Agency", "Cabinet Secretariat", "Cabinet Office",
          "Ministry of Internal Affairs and Communications", "Ministry of Justice", "Ministry of Foreign Affairs",
          "Ministry of Education, Culture, Sports, Science and Technology",
          "Ministry of Health, Labour and Welfare", "Ministry of Economy, Trade and Industry"]
names = sorted(LEGEND, key=len, reverse=True)
starts = [(no, mid) for mid, no, _ in measures]
skip = set()
i = 0
while i < len(lines):
    if lines[i].startswith('* NPA ('):
        j = i
        while not lines[j].rstrip().endswith('Industry)'):
            j += 1
        skip.update(range(i, j + 1))
        i = j + 1
    else:
        i += 1
text_lines = ['' if i in skip else l for i, l in enumerate(lines)]
joined = '\n'.join(text_lines)
offsets = [0]
for l in text_lines:
    offsets.append(offsets[-1] + len(l) + 1)
vocab = r'(?:' + '|'.join(re.escape(n) for n in names) + r'|[A-Z]{2,6}|other related bodies)'
body = vocab + r'(?:: [A-Z]{2,6})?'
full = re.compile(body + r'(?:(?:,| and|, and) ' + body + r')*')
rows = []
for m in re.finditer(r'\(([^()]*)\)[ \t]*(?=\n)', joined):
    inner = re.sub(r'\s+', ' ', m.group(1)).strip()
    if not full.fullmatch(inner) or not re.search(r'Agency|Ministry|Cabinet|[A-Z]{2,6}', inner):
        continue
    line = bisect.bisect_right(offsets, m.end() - 1)
    items, rest = [], inner
    while rest:
        rest = re.sub(r'^(, and |, | and )', '', rest)
        tok = next((n for n in names + ['other related bodies'] if rest.startswith(n)), None)
        tok = tok or re.match(r'[A-Z]{2,6}', rest).group(0)
        rest = rest[len(tok):]
        if rest.startswith(': '):
            ab = re.match(r': ([A-Z]{2,6})', rest).group(1)
            rest = rest[2 + len(ab):]
            tok = tok + ': ' + ab
        items.append(tok)
    kind = 'result' if any(re.fullmatch(r'[A-Z]{2,6}', t) or ': ' in t for t in items) else 'plan'
    measure = [mid for no, mid in starts if no <= line][-1]
    rows.append(f"{measure}\t{line}\t{kind}\t{'; '.join(items)}\n")
with open(OUT + 'basic-plan-attributions.tsv', 'w') as f:
    f.writelines(rows)
print(len(measures), 'measures,', len(rows), 'attributions')

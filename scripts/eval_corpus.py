#!/usr/bin/env python3
"""Compare a gazette database with a generated corpus's manifest (examples/gen_corpus.rs
--manifest): per layout style, the share of articles whose title, author, comment count and
reply count match what the generator wrote.

    python3 scripts/eval_corpus.py gazette.db manifest.tsv
"""
import sqlite3, csv, sys, collections, unicodedata, re
db, man = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
def norm(s): return re.sub(r'\s+',' ',unicodedata.normalize('NFC',(s or '')).replace('\u00a0',' ').replace('\u2019',"'")).strip().strip('"«»“” ')
rows = {r[0]: r for r in c.execute("""select d.name, a.title, (select group_concat(name,'|') from bylines b where b.article_id=a.id and role='author'),
  (select count(*) from comments x where x.article_id=a.id), (select count(*) from comments x where x.article_id=a.id and parent_id is not null)
  from articles a join documents d on d.id=a.document_id""")}
stats = collections.Counter(); bad = collections.defaultdict(list)
for m in csv.DictReader(open(man), delimiter='\t'):
    if m['kind'] != 'ok': continue
    r = rows.get(m['file']); st = m['style']
    stats['docs',st]+=1
    if not r: bad['missing',st].append(m['file']); continue
    if norm(r[1]) == norm(m['title']): stats['title_ok',st]+=1
    else: bad['title',st].append((m['file'], r[1], m['title']))
    if norm(m['author']) in (norm(r[2] or '').split('|') if r[2] else ['']): stats['author_ok',st]+=1
    else: bad['author',st].append((m['file'], r[2], m['author']))
    if int(m['n_comments']) == r[3]: stats['ncom_ok',st]+=1
    else: bad['ncom',st].append((m['file'], r[3], m['n_comments']))
    if int(m['n_replies']) == r[4]: stats['nrep_ok',st]+=1
    else: bad['nrep',st].append((m['file'], r[4], m['n_replies']))
for st in sorted({k[1] for k in stats}):
    n = stats['docs',st]
    print(st, n, *(f"{k}={stats[k,st]/n:.3f}" for k in ['title_ok','author_ok','ncom_ok','nrep_ok']))
for k,v in sorted(bad.items()):
    print(k, len(v), v[:3])

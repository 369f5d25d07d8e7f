"""Independent model of the buildkite/entity namespaces, from cql-dialect.md, over the acme fixture."""
import json, re, glob, os, fnmatch
from datetime import datetime, timedelta, timezone
import yaml

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'acme')
PIPES = json.load(open(FIX + '/pipelines.json'))
BUILDS = json.load(open(FIX + '/builds.json'))
ENTS = {}
for f in glob.glob(FIX + '/entities/*.yaml'):
    d = yaml.safe_load(open(f))  # note: dates would become date objects; avoid them
    ENTS[d['info']['x-cortex-tag']] = d
NOW = datetime(2026, 11, 1, 12, 0, 0, tzinfo=timezone.utc)

def dt(s):
    if len(s) == 10:  # a date alone: midnight UTC (second-round decision)
        return datetime.fromisoformat(s).replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(s.replace('Z', '+00:00'))

def minus_months(t, months):
    """Calendar subtraction in UTC, clamped to the end of a shorter month (P1M before 2026-03-31 is 2026-02-28)."""
    import calendar
    y, m = divmod(t.year * 12 + (t.month - 1) - months, 12)
    day = min(t.day, calendar.monthrange(y, m + 1)[1])
    return t.replace(year=y, month=m + 1, day=day)

def iso(s):
    """How a datetime prints: ISO-8601 UTC, milliseconds only when non-zero."""
    if s is None: return None
    d = dt(s)
    ms = d.microsecond // 1000
    base = d.strftime('%Y-%m-%dT%H:%M:%S')
    return base + ('.%03dZ' % ms if ms else 'Z')

def isodur(td):
    if td is None: return None
    total_ms = int(round(td.total_seconds() * 1000))
    h, rem = divmod(total_ms, 3600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    out = 'PT'
    if h: out += '%dH' % h
    if m: out += '%dM' % m
    if s or ms:
        out += ('%d.%03dS' % (s, ms)).rstrip('0').rstrip('.') + 'S' if ms else '%dS' % s
    if out == 'PT': out = 'PT0S'
    return out

def norm_repo(url):
    s = url.strip()
    m = re.match(r'^[a-z+]+://(?:[^@/]+@)?[^/]+/(.*)$', s)
    if m:
        path = m.group(1)
    else:
        m = re.match(r'^(?:[^@]+@)?[^:]+:(.*)$', s)
        path = m.group(1)
    path = re.sub(r'\.git$', '', path.rstrip('/'))
    path = path.replace('/_git/', '/')  # azure: org/project/_git/repo -> org/project/repo
    return path.lower()

def entity_repo(ent):
    git = ent['info'].get('x-cortex-git') or {}
    for k in ('github', 'gitlab', 'bitbucket'):
        if k in git: return git[k]['repository'].lower()
    if 'azure' in git:
        return (git['azure']['project'] + '/' + git['azure']['repository']).lower()
    return None

def repo_matches(ent, p):
    r = entity_repo(ent)
    if r is None: return False
    g = norm_repo(p['repository'])
    git = ent['info']['x-cortex-git']
    if 'azure' in git:
        return g.split('/', 1)[1] == r if g.count('/') == 2 else False
    return g == r

def ptags(p): return p['tags'] or []

def linked(tag, alias=True):
    """Rules 1-3. alias=False ignores the x-cortex-ci spelling (only to check that a case depends on it)."""
    ent = ENTS[tag]; info = ent['info']
    bk = (info.get('x-cortex-ci-cd') or {}).get('buildkite')
    if bk is None and alias: bk = (info.get('x-cortex-ci') or {}).get('buildkite')
    out = set()
    if bk is not None:
        slugs = [x['slug'] for x in bk.get('pipelines') or []]
        tags = [x['tag'] for x in bk.get('tags') or []]
        for p in PIPES:
            if p['slug'] in slugs or any(t in ptags(p) for t in tags): out.add(p['slug'])
    else:
        for p in PIPES:
            if p['slug'] == tag or tag in ptags(p): out.add(p['slug'])
    for p in PIPES:
        if repo_matches(ent, p): out.add(p['slug'])
    if bk is None and not out: return None
    return sorted(out)

def default_rule(tag):
    """The pipelines rule 2 (the entity-tag default) names, whether or not it applies to the entity."""
    return sorted(p['slug'] for p in PIPES if p['slug'] == tag or tag in ptags(p))

def has_block(tag):
    info = ENTS[tag]['info']
    return any(isinstance(info.get(k), dict) and 'buildkite' in info[k] for k in ('x-cortex-ci-cd', 'x-cortex-ci'))

PBY = {p['slug']: p for p in PIPES}

def pfield(p, f):
    if f == 'git_repository': return norm_repo(p['repository'])
    if f == 'tags': return ptags(p)
    if f == 'provider': return p['provider']['id']
    if f == 'created_at': return iso(p['created_at'])
    return p[f]

def as_list(v): return v if isinstance(v, list) else [v]

def pmatch(p, crit):
    for k, v in crit.items():
        vs = as_list(v)
        if k in ('tags', 'tag'):
            if not any(t in ptags(p) for t in vs): return False
        else:
            f = {'descriptions': 'description', 'git_repositories': 'git_repository', 'ids': 'id',
                 'names': 'name', 'slugs': 'slug'}.get(k, k)
            if pfield(p, f) not in vs: return False
    return True

def pipelines(tag, **crit):
    ls = linked(tag)
    return [s for s in ls if pmatch(PBY[s], crit)]

FINISHED = {'passed', 'failed', 'blocked', 'canceled'}

def state_ok(b, vs):
    for v in vs:
        v = v.lower()
        if v == 'finished' and b['state'] in FINISHED: return True
        if v == 'blocked' and b['blocked']: return True
        if b['state'] == v: return True
    return False

def branch_ok(b, vs):
    for v in vs:
        rx = '^' + '.*'.join(re.escape(x) for x in v.split('*')) + '$'
        if re.match(rx, b['branch']): return True
    return False

PCRIT = {'pipeline': 'slug', 'pipelines': 'slug', 'pipeline_id': 'id', 'pipeline_ids': 'id',
         'pipeline_name': 'name', 'pipeline_names': 'name', 'pipeline_description': 'description',
         'pipeline_descriptions': 'description', 'pipeline_tags': 'tags', 'pipeline_tag': 'tags',
         'git_repository': 'git_repository', 'git_repositories': 'git_repository'}

def builds(tag, created_from=None, created_to=None, lookback=None, lookback_months=None, **crit):
    ls = linked(tag)
    pc = {PCRIT[k]: v for k, v in crit.items() if k in PCRIT}
    bc = {k: v for k, v in crit.items() if k not in PCRIT}
    slugs = [s for s in ls if pmatch(PBY[s], pc)]
    lo = NOW - timedelta(days=30)
    if lookback is not None: lo = NOW - lookback
    if lookback_months is not None: lo = minus_months(NOW, lookback_months)
    if created_from is not None: lo = dt(created_from)
    hi = dt(created_to) if created_to else NOW
    out = []
    for b in BUILDS:
        if b['pipeline']['slug'] not in slugs: continue
        c = dt(b['created_at'])
        if not (lo <= c < hi): continue
        ok = True
        for k, v in bc.items():
            vs = as_list(v)
            k1 = k.rstrip('s') if k not in ('branches',) else 'branch'
            if k == 'branches': k1 = 'branch'
            if k1 == 'branch': ok = branch_ok(b, vs)
            elif k1 == 'commit': ok = any(b['commit'].startswith(x) for x in vs)
            elif k1 == 'id': ok = b['id'] in vs
            elif k1 == 'message': ok = any(x in b['message'] for x in vs)
            elif k1 == 'number': ok = b['number'] in vs
            elif k1 == 'state': ok = state_ok(b, vs)
            else: raise KeyError(k)
            if not ok: break
        if ok: out.append(b)
    out.sort(key=lambda b: (b['created_at'], b['number']), reverse=True)
    return out

def bfind(slug, number):
    return next(b for b in BUILDS if b['pipeline']['slug'] == slug and b['number'] == number)

ACTION = {'schedule': 'scheduled build', 'ui': 'manual build', 'api': 'API build',
          'webhook': 'webhook build', 'trigger_job': 'triggered build'}

def bfield(b, f):
    if f in ('created_at', 'scheduled_at', 'started_at', 'finished_at'): return iso(b[f])
    if f == 'action': return ACTION.get(b['source'], b['source'] + ' build')
    if f == 'duration':
        if b['started_at'] is None or b['finished_at'] is None: return None
        return isodur(dt(b['finished_at']) - dt(b['started_at']))
    return b[f]

def warnings(tag):
    """Warnings of linking: a listed slug the organization lacks (record); a listed tag no pipeline carries (FIXTURE.md)."""
    info = ENTS[tag]['info']
    bk = (info.get('x-cortex-ci-cd') or {}).get('buildkite') or (info.get('x-cortex-ci') or {}).get('buildkite') or {}
    out = []
    for x in bk.get('pipelines') or []:
        if x['slug'] not in PBY:
            out.append("entity %s lists pipeline slug '%s', which the organization does not have" % (tag, x['slug']))
    for x in bk.get('tags') or []:
        if not any(x['tag'] in ptags(p) for p in PIPES):
            out.append("entity %s lists Buildkite tag '%s', which no pipeline carries" % (tag, x['tag']))
    return out

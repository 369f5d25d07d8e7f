from model import *
from emit import File, MISSING
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'
F = File(OUT + 'builds.yaml', '''# buildkite.builds(criteria): builds of the linked pipelines matching every criterion, newest first, by
# default those created in the last 30 days (at or after 2026-10-02T12:00:00Z); and the build object's
# fields (cql-dialect.md, "The buildkite namespace"). Expected values are computed from builds.json.
# Results list [pipeline slug, build number] pairs (or numbers, for an entity with one pipeline).''')
PA, WF, LG = 'payments-api', 'web-frontend', 'ledger'
def W(t): return warnings(t)
SN = '.map(b => [b.pipeline.slug, b.number])'
NUM = '.map(b => b.number)'
def pairs(bs): return [[b['pipeline']['slug'], b['number']] for b in bs]
def bc(name, t, args, comment=None, single=False, **crit):
    bs = builds(t, **crit)
    F.add(name, 'buildkite.builds(%s)%s' % (args, NUM if single else SN),
          [b['number'] for b in bs] if single else pairs(bs), entity=t, warnings=W(t), comment=comment)
def bn(name, t, args, comment=None, **crit):
    F.add(name, 'buildkite.builds(%s).length' % args, len(builds(t, **crit)), entity=t, warnings=W(t), comment=comment)

# default window and order
bc('default-window-newest-first', PA, '', comment='17 builds of payments-api, payments-deploy and payments-nightly in the last 30 days')
bc('default-window-web', WF, '')
bc('default-window-ledger', LG, '')
for t in ('auth-service', 'checkout', 'legacy-billing', 'search-indexer', 'status-page'):
    bc('default-window-' + t, t, '', single=True)
F.add('default-window-excludes-older', 'buildkite.builds().all(b => b.created_at >= now() - duration("P30D"))', True,
      entity=PA, warnings=W(PA))
F.add('default-window-excludes-older-count',
      'buildkite.builds(lookback=duration("P60D")).length - buildkite.builds().length',
      len(builds(PA, lookback=timedelta(days=60))) - len(builds(PA)), entity=PA,
      comment='FIXTURE.md: 14 builds of payments-api\'s pipelines are older than the window')
F.add('data-platform-no-builds', 'buildkite.builds()', [], entity='data-platform', warnings=W('data-platform'))

# ties: builds sharing created_at are ordered by number, highest first ("newest first (created_at, then
# number)"). inventory links only inventory-service, whose #3, #4 and #5 share created_at; notifications
# links notify-worker and sms-gateway, whose #2 and #3 share created_at.
IV, NT = 'inventory', 'notifications'
def tie_groups(t, **crit):
    by = {}
    for b in builds(t, **crit): by.setdefault(b['created_at'], []).append(b)
    return {k: v for k, v in by.items() if len(v) > 1}
TI = tie_groups(IV); TN = tie_groups(NT)
assert len(TI) == 1 and len(TN) == 1
(TIA, TIB), = TI.items(); (TNA, TNB), = TN.items()
assert len({b['pipeline']['slug'] for b in TIB}) == 1 and len({b['pipeline']['slug'] for b in TNB}) == 2
def after(s):
    """The instant one millisecond after s, as an ISO string (an exclusive created_to just past s)."""
    d = dt(s) + timedelta(milliseconds=1)
    return d.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (d.microsecond // 1000)
bc('order-tie-same-pipeline-default-window', IV, '', single=True,
   comment='inventory-service #3, #4 and #5 were all created at %s: by number, highest first' % TIA)
bc('order-tie-same-pipeline-exact-instant', IV, 'created_from="%s", created_to="%s"' % (TIA, after(TIA)), single=True,
   created_from=TIA, created_to=after(TIA))
F.add('order-tie-same-pipeline-created-at-equal', 'buildkite.builds(number=[3, 4, 5]).map(b => b.created_at).distinct()',
      list(dict.fromkeys(iso(b['created_at']) for b in builds(IV, number=[3, 4, 5]))), entity=IV, warnings=W(IV))
F.add('order-tie-same-pipeline-first', 'buildkite.builds(created_to="%s").first().number' % after(TIA),
      builds(IV, created_to=after(TIA))[0]['number'], entity=IV, warnings=W(IV))
F.add('order-tie-same-pipeline-messages', 'buildkite.builds(message="cache purge").map(b => b.message)',
      [b['message'] for b in builds(IV, message='cache purge')], entity=IV, warnings=W(IV),
      comment='(a), (b), (c) were created in that order within the same millisecond; their numbers decide')
bc('order-tie-same-pipeline-with-state', IV, 'state=["failed", "canceled", "passed"]', single=True,
   state=['failed', 'canceled', 'passed'], comment='the order of the criterion values does not matter')
bc('order-tie-across-pipelines-default-window', NT, '',
   comment='sms-gateway #3 and notify-worker #2 were both created at %s: the higher number first' % TNA)
bc('order-tie-across-pipelines-exact-instant', NT, 'created_from="%s", created_to="%s"' % (TNA, after(TNA)),
   created_from=TNA, created_to=after(TNA))
bc('order-tie-across-pipelines-lookback', NT, 'lookback=duration("P60D")', lookback=timedelta(days=60))
bc('order-tie-across-pipelines-pipeline-criterion', NT, 'pipelines=["notify-worker", "sms-gateway"], state="finished"',
   pipeline=['notify-worker', 'sms-gateway'], state='finished')
F.add('order-tie-across-pipelines-first', 'buildkite.builds(created_to="%s").first().pipeline.slug' % after(TNA),
      builds(NT, created_to=after(TNA))[0]['pipeline']['slug'], entity=NT, warnings=W(NT))

# branch
bc('branch-exact', WF, 'branch="main"', branch='main')
bc('branch-wildcard-suffix', WF, 'branch="feature/*"', branch='feature/*')
bc('branch-wildcard-all', WF, 'branch="*"', branch='*')
bc('branch-wildcard-prefix', WF, 'branch="*form"', branch='*form')
bc('branch-wildcard-middle', PA, 'branch="f*x"', branch='f*x')
bc('branch-release', LG, 'branch="release/*"', branch='release/*')
bc('branch-list', LG, 'branch=["main", "release/1.2"]', branch=['main', 'release/1.2'])
bc('branches-plural', WF, 'branches=["feature/x", "feature/login-form"]', branch=['feature/x', 'feature/login-form'])
bc('branch-exact-no-prefix-match', WF, 'branch="feature"', branch='feature', comment='without * the branch must be equal')
bc('branch-case-sensitive', WF, 'branch="Main"', branch='Main')
bc('branch-master', 'legacy-billing', 'branch="master"', single=True, branch='master')

# commit
b5 = bfind('web-frontend', 5)
bc('commit-full-sha', WF, 'commit="%s"' % b5['commit'], commit=b5['commit'])
bc('commit-prefix-7', WF, 'commit="%s"' % b5['commit'][:7], commit=b5['commit'][:7])
bc('commit-prefix-12', WF, 'commit="%s"' % b5['commit'][:12], commit=b5['commit'][:12])
b8 = bfind('payments-deploy', 8); b12 = bfind('payments-nightly', 12)
bc('commits-plural', PA, 'commits=["%s", "%s"]' % (b8['commit'][:7], b12['commit']), commit=[b8['commit'][:7], b12['commit']])
bc('commit-list', PA, 'commit=["%s", "0000000"]' % b8['commit'][:9], commit=[b8['commit'][:9], '0000000'])
bc('commit-not-a-prefix', WF, 'commit="%s"' % b5['commit'][3:10], commit=b5['commit'][3:10],
   comment='seven characters from the middle of a SHA are not a prefix')
old = bfind('payments-api', 1)
bc('commit-outside-window', PA, 'commit="%s"' % old['commit'], commit=old['commit'],
   comment='payments-api #1 was created on 2026-09-16: outside the default window')
bc('commit-outside-window-with-lookback', PA, 'commit="%s", lookback=duration("P60D")' % old['commit'],
   commit=old['commit'], lookback=timedelta(days=60))
F.add('commit-prefix-6-type-error', 'buildkite.builds(commit="%s")' % b5['commit'][:6], error='type', entity=WF,
      comment='a prefix must have at least 7 characters')
F.add('commit-prefix-6-checked-when-compiling', 'false AND buildkite.builds(commit="%s").length > 0' % b5['commit'][:6],
      error='type', at=[1, 28], entity=WF, comment='a constant commit is checked before anything runs')

# id
bc('id-one', PA, 'id="%s"' % b8['id'], id=b8['id'])
bc('ids-plural', PA, 'ids=["%s", "%s"]' % (b12['id'], b8['id']), id=[b12['id'], b8['id']])
bc('id-other-entity', PA, 'id="%s"' % b5['id'], id=b5['id'], comment='web-frontend #5 is not a build of a linked pipeline')

# message
bc('message-contains', WF, 'message="flaky"', message='flaky')
bc('message-whole', WF, 'message="Refactor config loading"', message='Refactor config loading')
bc('messages-plural', PA, 'messages=["README", "idempotency"]', message=['README', 'idempotency'])
bc('message-list', LG, 'message=["metrics", "Release"]', message=['metrics', 'Release'])
bc('message-no-match', PA, 'message="nothing like this"', message='nothing like this')

# number
bc('number-one', PA, 'number=9', number=9)
bc('numbers-plural', WF, 'numbers=[1, 2, 3]', number=[1, 2, 3])
bc('number-list', LG, 'number=[4, 5, 6, 7]', number=[4, 5, 6, 7])

# state
bc('state-passed', PA, 'state="passed"', state='passed', comment='blocked builds report state passed (FIXTURE.md)')
bc('state-upper-case', PA, 'state="PASSED"', state='passed')
bc('state-mixed-case', LG, 'state="Failed"', state='failed')
bc('states-plural-list', WF, 'states=["failed", "canceled"]', state=['failed', 'canceled'])
bc('state-finished', WF, 'state="finished"', state='finished',
   comment='finished: passed, failed, blocked or canceled; skipped, running and scheduled builds are not')
bc('state-finished-upper', LG, 'state="FINISHED"', state='finished')
bc('state-blocked', PA, 'state="blocked"', state='blocked', comment='payments-deploy #7 and #8 are blocked (state passed, blocked true)')
bc('state-blocked-ledger', LG, 'state="blocked"', state='blocked')
bc('state-failing', PA, 'state="failing"', state='failing')
bc('state-canceling', PA, 'state="canceling"', state='canceling')
bc('state-skipped', WF, 'state="skipped"', state='skipped')
bc('state-not-run', 'checkout', 'state="not_run"', single=True, state='not_run')
bc('state-running', WF, 'state="running"', state='running')
bc('state-scheduled', 'auth-service', 'state="scheduled"', single=True, state='scheduled')
bc('state-canceled', 'auth-service', 'states="canceled"', single=True, state='canceled')
bn('state-passed-count-all-in-window', WF, 'state="passed"', state='passed')

# created_from / created_to
bc('created-from-datetime-inclusive', PA, 'created_from=datetime("2026-10-30T16:00:00.798Z")',
   created_from='2026-10-30T16:00:00.798Z', comment='payments-deploy #8 was created at exactly 2026-10-30T16:00:00.798Z')
bc('created-from-string', PA, 'created_from="2026-10-30T16:00:00.798Z"', created_from='2026-10-30T16:00:00.798Z')
bc('created-from-just-after', PA, 'created_from="2026-10-30T16:00:00.799Z"', created_from='2026-10-30T16:00:00.799Z')
bn('created-from-sets-window', PA, 'created_from="2026-09-01T00:00:00Z"', created_from='2026-09-01T00:00:00Z',
   comment='an explicit created_from replaces the 30-day default: every build of the three pipelines')
bc('created-from-before-window-list', 'checkout', 'created_from=datetime("2026-09-20T00:00:00Z")', single=True,
   created_from='2026-09-20T00:00:00Z')
bc('created-to-exclusive', PA, 'created_from="2026-10-20T00:00:00Z", created_to="2026-10-22T16:00:00.199Z"',
   created_from='2026-10-20T00:00:00Z', created_to='2026-10-22T16:00:00.199Z',
   comment='payments-deploy #7 was created at exactly 2026-10-22T16:00:00.199Z: excluded')
bc('created-to-datetime', PA, 'created_from=datetime("2026-10-20T00:00:00Z"), created_to=datetime("2026-10-22T16:00:00.200Z")',
   created_from='2026-10-20T00:00:00Z', created_to='2026-10-22T16:00:00.200Z')
bc('created-to-alone-keeps-default-window', PA, 'created_to="2026-10-10T00:00:00Z"', created_to='2026-10-10T00:00:00Z',
   comment='created_to does not set the window: builds from 2026-10-02T12:00:00Z up to (not including) 2026-10-10')
bc('created-window-old-range', LG, 'created_from="2026-09-01T00:00:00Z", created_to="2026-10-01T00:00:00Z"',
   created_from='2026-09-01T00:00:00Z', created_to='2026-10-01T00:00:00Z')

# lookback
bc('lookback-7-days', PA, 'lookback=duration("P7D")', lookback=timedelta(days=7))
bc('lookback-1-hour', PA, 'lookback=duration("PT1H")', lookback=timedelta(hours=1))
bc('lookback-1-day-web', WF, 'lookback=duration("P1D")', lookback=timedelta(days=1))
bn('lookback-60-days', PA, 'lookback=duration("P60D")', lookback=timedelta(days=60))
bn('lookback-2-weeks', WF, 'lookback=duration("P2W")', lookback=timedelta(days=14))
bc('lookback-with-created-to', PA, 'lookback=duration("P14D"), created_to="2026-10-25T00:00:00Z"',
   lookback=timedelta(days=14), created_to='2026-10-25T00:00:00Z')
bc('lookback-with-state', 'search-indexer', 'lookback=duration("P60D"), state="failed"', single=True,
   lookback=timedelta(days=60), state='failed')

# pipeline criteria inside builds()
D = PBY['payments-deploy']
bc('pipeline-slug', PA, 'pipeline="payments-deploy"', pipeline='payments-deploy')
bc('pipelines-plural', PA, 'pipelines=["payments-deploy", "payments-api"]', pipeline=['payments-deploy', 'payments-api'])
bc('pipeline-not-linked', PA, 'pipeline="auth-ci"', pipeline='auth-ci')
bc('pipeline-id', PA, 'pipeline_id="%s"' % D['id'], pipeline_id=D['id'])
bc('pipeline-ids-plural', WF, 'pipeline_ids=["%s", "%s"]' % (PBY['web-e2e']['id'], PBY['web-storybook']['id']),
   pipeline_id=[PBY['web-e2e']['id'], PBY['web-storybook']['id']])
bc('pipeline-name', PA, 'pipeline_name="Payments Nightly"', pipeline_name='Payments Nightly')
bc('pipeline-names-plural', WF, 'pipeline_names=["Web E2E"]', pipeline_name=['Web E2E'])
bc('pipeline-description', PA, 'pipeline_description="Payments REST API"', pipeline_description='Payments REST API')
bc('pipeline-descriptions-plural', LG, 'pipeline_descriptions=["Database migrations for the ledger"]',
   pipeline_description=['Database migrations for the ledger'])
bc('pipeline-tags', PA, 'pipeline_tags="nightly"', pipeline_tags='nightly')
bc('pipeline-tag-singular', WF, 'pipeline_tag=["e2e", "nope"]', pipeline_tags=['e2e', 'nope'])
bc('git-repository', PA, 'git_repository="acme-inc/payments-api"', git_repository='acme-inc/payments-api',
   comment='payments-api and payments-nightly both build acme-inc/payments-api (normalised)')
bc('git-repositories-plural', WF, 'git_repositories=["acme-inc/qa/web-e2e"]', git_repository=['acme-inc/qa/web-e2e'])

# combinations
bc('combine-state-pipeline', PA, 'state="passed", pipeline="payments-deploy"', state='passed', pipeline='payments-deploy')
bc('combine-branch-state', WF, 'branch="main", state="failed"', branch='main', state='failed')
bc('combine-tags-state-lookback', PA, 'pipeline_tags="nightly", state="failed", lookback=duration("P60D")',
   pipeline_tags='nightly', state='failed', lookback=timedelta(days=60))
bc('combine-message-branch', WF, 'message="Refactor", branch="feature/*"', message='Refactor', branch='feature/*')
bc('combine-no-match', LG, 'state="passed", branch="feature/x"', state='passed', branch='feature/x')
F.add('criteria-computed-at-run-time', 'buildkite.builds(state=["pass" + "ed"], branch=entity.tag())' + SN, [],
      entity=WF, warnings=[], comment='no build is on a branch named web-frontend')

# No aliases beyond the record (second round): the singular function and undocumented criteria spellings are
# unknown names, with a did-you-mean; created_at gets a hint naming the window criteria.
F.add('singular-build-function-is-unknown', 'buildkite.build(state="failing")', error='unknown-name', at=[1, 11],
      message="did you mean 'builds'?", entity=PA)
F.add('created-after-is-unknown', 'buildkite.builds(created_after="2026-10-30")', error='unknown-name', at=[1, 18],
      message="write created_from=", entity=PA)
F.add('created-before-is-unknown', 'buildkite.builds(created_before="2026-10-30")', error='unknown-name', at=[1, 18],
      entity=PA)
F.add('lookbacks-is-unknown', 'buildkite.builds(lookbacks=duration("P7D"))', error='unknown-name', at=[1, 18],
      message="did you mean 'lookback'?", entity=PA)
F.add('created-at-hint', 'buildkite.builds(created_at="2026-10-30")', error='unknown-name', at=[1, 18],
      message='created_from=, created_to= or lookback=', entity=PA)

# Date-only strings and ISO duration text (second round)
bc('created-from-date-only', PA, 'created_from="2026-10-30"', created_from='2026-10-30',
   comment='a date alone is midnight UTC')
bc('created-window-dates-only', PA, 'created_from="2026-10-20", created_to="2026-10-23"',
   created_from='2026-10-20', created_to='2026-10-23')
bc('lookback-iso-text', PA, 'lookback="P7D"', lookback=timedelta(days=7))
bc('lookback-calendar-month', PA, 'lookback=duration("P1M")', lookback_months=1,
   comment='calendar arithmetic: one month before 2026-11-01T12:00:00Z is 2026-10-01T12:00:00Z')
bc('lookback-calendar-month-text', PA, 'lookback="P1M"', lookback_months=1)
F.add('lookback-bad-text-is-type-error', 'buildkite.builds(lookback="seven days")', error='type', at=[1, 18], entity=PA)

# Constant criterion values are checked when compiling (second round)
F.add('state-misspelt-is-unknown-name', 'buildkite.builds(state="passd")', error='unknown-name', at=[1, 18],
      message="did you mean 'passed'?", entity=PA)
F.add('state-misspelt-in-list', 'buildkite.builds(states=["passed", "faild"])', error='unknown-name', at=[1, 18],
      message="did you mean 'failed'?", entity=PA)
F.add('state-checked-before-data', 'false AND buildkite.builds(state="passd").length > 0', error='unknown-name',
      entity=PA, comment='a compile-time error, so even a branch that never runs reports it')
F.add('state-computed-is-checked-by-value', 'buildkite.builds(state="pass" + "d").length', 0, entity=PA, warnings=W(PA),
      comment='a computed value is not a constant: no build has that state')

# fields
def fc(name, slug, num, t, field, comment=None):
    b = bfind(slug, num)
    F.add(name, 'buildkite.builds(pipeline="%s", number=%d)[0].%s' % (slug, num, field), bfield(b, field),
          entity=t, warnings=W(t), comment=comment)
fc('field-id', 'payments-deploy', 8, PA, 'id')
fc('field-graphql-id', 'payments-deploy', 8, PA, 'graphql_id')
fc('field-number', 'payments-deploy', 8, PA, 'number')
fc('field-state', 'payments-deploy', 8, PA, 'state')
fc('field-blocked-true', 'payments-deploy', 8, PA, 'blocked')
fc('field-blocked-false', 'payments-nightly', 12, PA, 'blocked')
fc('field-branch', 'payments-api', 11, PA, 'branch')
fc('field-commit', 'payments-api', 11, PA, 'commit')
fc('field-message', 'payments-api', 11, PA, 'message')
fc('field-source', 'payments-api', 11, PA, 'source')
fc('action-schedule', 'payments-nightly', 12, PA, 'action')
fc('action-ui', 'payments-api', 11, PA, 'action')
fc('action-api', 'checkout-service', 9, 'checkout', 'action')
fc('action-webhook', 'payments-api', 10, PA, 'action')
fc('action-trigger-job', 'payments-deploy', 8, PA, 'action')
F.add('action-every-source', 'buildkite.builds(lookback=duration("P60D")).map(b => [b.source, b.action]).distinct()',
      [list(x) for x in dict.fromkeys((b['source'], bfield(b, 'action')) for b in builds(PA, lookback=timedelta(days=60)))],
      entity=PA, warnings=W(PA))
fc('field-created-at', 'payments-deploy', 8, PA, 'created_at')
fc('field-scheduled-at', 'payments-deploy', 8, PA, 'scheduled_at')
fc('field-started-at', 'payments-deploy', 8, PA, 'started_at')
fc('field-finished-at', 'payments-deploy', 8, PA, 'finished_at')
fc('field-finished-at-null-running', 'checkout-service', 9, 'checkout', 'finished_at', comment='checkout-service #9 is running')
fc('field-started-at-null-scheduled', 'auth-ci', 7, 'auth-service', 'started_at', comment='auth-ci #7 is scheduled')
fc('field-duration', 'payments-deploy', 8, PA, 'duration', comment='finished 16:07:43.798 - started 16:00:06.798')
fc('field-duration-null-running', 'checkout-service', 9, 'checkout', 'duration')
fc('field-duration-null-canceling', 'payments-api', 11, PA, 'duration')
fc('field-duration-null-skipped', 'web-frontend', 11, WF, 'duration', comment='a skipped build finished without starting')
fc('field-duration-null-scheduled', 'auth-ci', 7, 'auth-service', 'duration')
b = bfind('payments-deploy', 8)
F.add('field-duration-is-finished-minus-started',
      'buildkite.builds().filter(b => b.duration != null).all(b => b.duration == b.finished_at - b.started_at)', True,
      entity=PA, warnings=W(PA))
F.add('field-duration-is-duration', 'buildkite.builds(pipeline="payments-deploy", number=8)[0].duration > duration("PT5M")',
      True, entity=PA, warnings=W(PA))
F.add('field-durations-list', 'buildkite.builds().map(b => b.duration)', [bfield(x, 'duration') for x in builds(LG)],
      entity=LG, warnings=[])
fc('field-web-url', 'payments-nightly', 12, PA, 'web_url')
fc('field-url', 'payments-nightly', 12, PA, 'url')
c = bfind('payments-api', 10)['creator']
F.add('field-creator-name', 'buildkite.builds(pipeline="payments-api", number=10)[0].creator.name', c['name'],
      entity=PA, warnings=W(PA))
F.add('field-creator-email', 'buildkite.builds(pipeline="payments-api", number=10)[0].creator.email', c['email'],
      entity=PA, warnings=W(PA))
fc('field-creator-null-trigger-job', 'payments-deploy', 8, PA, 'creator')
fc('field-creator-null-schedule', 'payments-nightly', 12, PA, 'creator')
pr = bfind('status-page', 4)['pull_request']
F.add('field-pull-request', 'buildkite.builds(number=4)[0].pull_request', pr, entity='status-page', warnings=[])
F.add('field-pull-request-id', 'buildkite.builds(number=4)[0].pull_request.id', pr['id'], entity='status-page', warnings=[])
F.add('field-pull-request-null', 'buildkite.builds(number=3)[0].pull_request', None, entity='status-page', warnings=[])
F.add('field-pull-request-count', 'buildkite.builds().filter(b => b.pull_request != null).length',
      sum(1 for x in builds(WF) if x['pull_request']), entity=WF, warnings=[])
F.add('field-pipeline-slug', 'buildkite.builds()[0].pipeline.slug', builds(PA)[0]['pipeline']['slug'], entity=PA, warnings=W(PA))
F.add('field-pipeline-name', 'buildkite.builds(pipeline="payments-nightly")[0].pipeline.name', 'Payments Nightly',
      entity=PA, warnings=W(PA))
F.add('field-pipeline-git-repository', 'buildkite.builds(pipeline="payments-nightly")[0].pipeline.git_repository',
      'acme-inc/payments-api', entity=PA, warnings=W(PA), comment='the pipeline object: git_repository normalised')
F.add('field-pipeline-tags', 'buildkite.builds(pipeline="web-frontend")[0].pipeline.tags', PBY['web-frontend']['tags'],
      entity=WF, warnings=[])
F.add('field-pipeline-is-pipeline-object',
      'buildkite.builds(pipeline="payments-deploy")[0].pipeline == buildkite.pipelines(slug="payments-deploy")[0]', True,
      entity=PA)
F.add('field-created-at-ordering', 'buildkite.builds().map(b => b.created_at)', [iso(x['created_at']) for x in builds(LG)],
      entity=LG, warnings=[])
F.add('field-index-form', 'buildkite.builds()[0]["number"]', builds(LG)[0]['number'], entity=LG, warnings=[])
F.add('unknown-field', 'buildkite.builds()[0].foo', error='unknown-name', entity=LG)
F.add('unknown-field-near-miss', 'buildkite.builds()[0].stat', error='unknown-name', entity=LG, message="did you mean 'state'")
F.add('unknown-field-raw-api-field', 'buildkite.builds()[0].cancel_reason', error='unknown-name', entity=LG,
      comment='cancel_reason is in the API response but is not a field of the build object')

# compile-time errors
F.add('unknown-criterion', 'buildkite.builds(foo="x")', error='unknown-name', entity=LG, at=[1, 18], message='valid criteria')
F.add('unknown-criterion-lists-valid', 'buildkite.builds(foo="x")', error='unknown-name', entity=LG, message='created_from')
F.add('unknown-criterion-did-you-mean', 'buildkite.builds(stat="passed")', error='unknown-name', entity=LG,
      at=[1, 18], message="did you mean 'state'")
F.add('unknown-criterion-pipeline-spelling', 'buildkite.builds(slug="ledger-ci")', error='unknown-name', entity=LG,
      message='valid criteria', comment='in builds() the slug criterion is written pipeline')
F.add('unknown-criterion-compile-time', 'false AND buildkite.builds(stat="passed").length > 0', error='unknown-name',
      entity=LG, comment='found when compiling, though the call would not be evaluated')
F.add('unknown-criterion-before-data', 'buildkite.builds(stat="passed")', error='unknown-name', entity='mobile-app',
      comment='compile time, before the (null) namespace is read')
F.add('same-criterion-twice', 'buildkite.builds(state="passed", states=["failed"])', error='arity', entity=LG)
F.add('same-criterion-twice-branch', 'buildkite.builds(branch="main", branches=["main"])', error='arity', entity=LG)
F.add('same-pipeline-criterion-twice', 'buildkite.builds(pipeline="ledger-ci", pipelines=["ledger-ci"])', error='arity', entity=LG)
F.cases = [c for c in F.cases if c is not None]
print('builds', F.write())

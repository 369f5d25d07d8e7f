from model import *
from emit import File, MISSING
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'
F = File(OUT + 'seed.yaml', '''# The seed page's three expressions, exactly as printed, over the acme fixture, for linked and unlinked
# entities (cql-dialect.md, "Compatibility rule"). The legacy forms give warnings naming the canonical
# forms ('==', the value itself, states=["passed"]); entity payments-api and data-platform add their
# linking warnings (listed slug or tag the organization does not have) once the pipelines are read.
# Whether `buildkite != null` alone reports those linking warnings is left open (not asserted).''')
A = 'buildkite != null'
B = 'buildkite.pipelines().any((pipeline) => pipeline.git_repository = {"%s"})'
C = 'buildkite.builds(states["passed"]).length >=1'
LEG = ["write '=='", "set literal"]
SH = ['states=["passed"]']
REAL = {'auth-service': 'acme-inc/auth', 'checkout': 'acme-inc/checkout', 'ledger': 'acme-inc/ledger',
        'legacy-billing': 'acme-inc/platform/legacy-tool', 'payments-api': 'acme-inc/payments-api',
        'search-indexer': 'acme-inc/search', 'status-page': 'acme-inc/status',
        'web-frontend': 'acme-inc/frontend/web-frontend', 'data-platform': 'acme-inc/data',
        'inventory': 'acme-inc/inventory-service', 'notifications': 'acme-inc/sms-gateway'}
for t in sorted(ENTS):
    w = warnings(t)
    if t == 'mobile-app':
        F.add('mobile-app-has-buildkite', A, False, entity=t, warnings=[],
              comment='mobile-app: no buildkite block and nothing links, so buildkite is null')
        F.add('mobile-app-repository', B % 'acme-inc/mobile', error='null-value', entity=t)
        F.add('mobile-app-repository-placeholder', B % 'org/repo-name', error='null-value', entity=t)
        F.add('mobile-app-passed-builds', C, error='null-value', entity=t)
        continue
    F.add(t + '-has-buildkite', A, True, entity=t, warnings=(None if w else []))
    real = REAL[t]
    exp = any(pfield(PBY[s], 'git_repository') == real for s in linked(t))
    F.add(t + '-repository', B % real, exp, entity=t, warnings=LEG + w,
          comment=None if exp else 'data-platform links no pipeline: any() over an empty list is false')
    F.add(t + '-repository-placeholder', B % 'org/repo-name', False, entity=t, warnings=LEG + w)
    npassed = len(builds(t, state='passed'))
    F.add(t + '-passed-builds', C, npassed >= 1, entity=t, warnings=SH + w)
    F.add(t + '-passed-builds-count', 'buildkite.builds(states["passed"]).length', npassed, entity=t, warnings=SH + w)

# the warnings name the canonical forms
F.add('repository-warning-names-value', B % 'acme-inc/auth', True, entity='auth-service',
      warnings=["'=' is a legacy spelling of '=='", '"acme-inc/auth"'])
F.add('repository-cross-entity', B % 'acme-inc/payments-api', False, entity='checkout', warnings=LEG,
      comment="checkout's only pipeline builds acme-inc/checkout")
F.add('repository-second-pipeline', B % 'acme-inc/payments-infra', True, entity='payments-api',
      warnings=LEG + warnings('payments-api'), comment='payments-deploy (a listed slug) builds acme-inc/payments-infra')
F.add('repository-gitlab-other-project', B % 'acme-inc/qa/web-e2e', True, entity='web-frontend', warnings=LEG)
F.add('repository-raw-url-does-not-match', B % 'git@github.com:acme-inc/auth.git', False, entity='auth-service',
      warnings=LEG, comment='git_repository is the normalised owner/repo, not the URL')
# canonical spellings: same meaning, no warnings
for t in ('auth-service', 'payments-api', 'web-frontend', 'data-platform'):
    w = warnings(t)
    F.add(t + '-repository-canonical', 'buildkite.pipelines().any((pipeline) => pipeline.git_repository == "%s")' % REAL[t],
          any(pfield(PBY[s], 'git_repository') == REAL[t] for s in linked(t)), entity=t, warnings=w)
    F.add(t + '-passed-builds-canonical', 'buildkite.builds(states=["passed"]).length >= 1',
          len(builds(t, state='passed')) >= 1, entity=t, warnings=w)
F.add('status-page-passed-builds-canonical-singular', 'buildkite.builds(state="passed").length >= 1', True,
      entity='status-page', warnings=[])
F.add('legacy-billing-failed-builds-shorthand', 'buildkite.builds(states["failed"]).length', len(builds('legacy-billing', state='failed')),
      entity='legacy-billing', warnings=['states=["failed"]'])
F.add('auth-service-shorthand-two-states', 'buildkite.builds(states["passed", "canceled"]).length',
      len(builds('auth-service', state=['passed', 'canceled'])), entity='auth-service',
      warnings=['states=["passed", "canceled"]'])
print('seed', F.write())

from model import *
from emit import File, MISSING
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'

def W(t): return warnings(t)

# ---------------------------------------------------------------- linking.yaml
F = File(OUT + 'linking.yaml', '''# Which pipelines link to an entity (cql-dialect.md, "The buildkite namespace", rules 1-3), over the
# acme fixture. Expected values are derived from the entity descriptors and pipelines.json.
#   rule 1: a buildkite block (x-cortex-ci-cd, or x-cortex-ci) lists slugs and Buildkite tags;
#   rule 2: without a block, the pipeline whose slug is the entity tag, and those tagged with it;
#   rule 3: in both cases, the pipelines of the entity's repository (compared normalised).
# `buildkite` is null only without a block when nothing links. A listed slug the organization does
# not have is a warning (so is a listed tag no pipeline carries, FIXTURE.md).''')
SL = 'buildkite.pipelines().map(p => p.slug)'
for t in sorted(ENTS):
    if t == 'mobile-app': continue
    F.add(t + '-linked-slugs', SL, linked(t), entity=t, warnings=W(t))
    # whether `buildkite != null` alone reports the linking warnings is left open (see README)
    F.add(t + '-is-not-null', 'buildkite != null', True, entity=t, warnings=(None if W(t) else []))
    F.add(t + '-equals-null-false', 'buildkite == null', False, entity=t, warnings=(None if W(t) else []))
    F.add(t + '-pipeline-count', 'buildkite.pipelines().length', len(linked(t)), entity=t, warnings=W(t))

# rule 1: explicit slug
F.add('explicit-slug-links-pipeline', 'buildkite.pipelines().any(p => p.slug == "payments-deploy")', True,
      entity='payments-api', warnings=W('payments-api'),
      comment='payments-deploy builds acme-inc/payments-infra and carries tag "deploy": only the listed slug links it')
F.add('explicit-slug-pipeline-repository-differs', 'buildkite.pipelines(slug="payments-deploy").map(p => p.git_repository)',
      ['acme-inc/payments-infra'], entity='payments-api', warnings=W('payments-api'))
# rule 1: explicit Buildkite tag
F.add('explicit-tag-links-pipeline', SL, ['checkout-service'], entity='checkout', warnings=[],
      comment='checkout lists Buildkite tag "checkout"; checkout-service carries it')
F.add('explicit-tag-pipeline-carries-tag', 'buildkite.pipelines().all(p => "checkout" in p.tags)', True,
      entity='checkout', warnings=[])
# rule 1 via x-cortex-ci
F.add('x-cortex-ci-alias-block', 'buildkite.pipelines().map(p => p.slug).contains("ledger-ci")', True,
      entity='ledger', warnings=[], comment='ledger uses x-cortex-ci (the accepted alias) and lists ledger-ci')
F.add('x-cortex-ci-alias-descriptor', 'entity.descriptor().info.`x-cortex-ci`.buildkite.pipelines[0].slug', 'ledger-ci',
      entity='ledger')
# rule 1 via x-cortex-ci alone: notifications has no repository and no pipeline has its tag as slug or
# Buildkite tag, so without the alias it would have no block and nothing linked (buildkite null)
NT = 'notifications'
assert linked(NT, alias=False) is None and not default_rule(NT) and entity_repo(ENTS[NT]) is None
assert 'x-cortex-ci-cd' not in ENTS[NT]['info'] and linked(NT) == ['notify-worker', 'sms-gateway']
assert all(s not in (linked(t) or []) for t in ENTS if t != NT for s in linked(NT))  # nothing else links them
F.add('x-cortex-ci-alias-only-links', SL, linked(NT), entity=NT, warnings=W(NT),
      comment='notifications has only x-cortex-ci (no x-cortex-ci-cd, no repository): it lists slug notify-worker\n'
              'and Buildkite tag "messaging" (carried by sms-gateway); nothing else links either pipeline')
F.add('x-cortex-ci-alias-only-not-null', 'buildkite == null', False, entity=NT, warnings=W(NT),
      comment='without the alias notifications would have no block and nothing linked: buildkite would be null')
F.add('x-cortex-ci-alias-only-listed-slug', 'buildkite.pipelines().any(p => p.slug == "notify-worker")', True,
      entity=NT, warnings=W(NT))
F.add('x-cortex-ci-alias-only-listed-tag', 'buildkite.pipelines(tags="messaging").map(p => p.slug)',
      pipelines(NT, tags='messaging'), entity=NT, warnings=W(NT))
F.add('x-cortex-ci-alias-only-builds', 'buildkite.builds(lookback=duration("P60D")).map(b => b.pipeline.slug).distinct().sortBy(s => s)',
      sorted({b['pipeline']['slug'] for b in builds(NT, lookback=timedelta(days=60))}), entity=NT, warnings=W(NT))
F.add('x-cortex-ci-alias-only-builds-count', 'buildkite.builds(lookback=duration("P60D")).length',
      len(builds(NT, lookback=timedelta(days=60))), entity=NT, warnings=W(NT))
F.add('x-cortex-ci-alias-only-no-ci-cd-key', 'entity.descriptor().info.`x-cortex-ci-cd`', None, entity=NT)
F.add('x-cortex-ci-alias-only-descriptor-tag', 'entity.descriptor().info.`x-cortex-ci`.buildkite.tags[0].tag',
      'messaging', entity=NT)
# rule 2 does not apply with a block: inventory lists inventory-service; pipeline inventory (slug = entity
# tag) and stock-sync (Buildkite tag "inventory") would link by the default, and nothing else links them
IV = 'inventory'
assert has_block(IV) and default_rule(IV) == ['inventory', 'stock-sync'] and linked(IV) == ['inventory-service']
assert all(s not in (linked(t) or []) for t in ENTS for s in default_rule(IV))
assert all(any(b['pipeline']['slug'] == s and dt(b['created_at']) >= NOW - timedelta(days=30) for b in BUILDS)
           for s in default_rule(IV))  # both have builds in the default window
assert builds(IV, pipeline=['inventory', 'stock-sync']) == []
F.add('block-suppresses-default-linked-slugs', SL, linked(IV), entity=IV, warnings=W(IV),
      comment='inventory has a buildkite block listing inventory-service: the pipeline whose slug is the entity tag\n'
              '(inventory) and the one carrying the Buildkite tag "inventory" (stock-sync) are not linked (rule 2)')
F.add('block-suppresses-default-slug', 'buildkite.pipelines().any(p => p.slug == "inventory")', False,
      entity=IV, warnings=W(IV))
F.add('block-suppresses-default-buildkite-tag', 'buildkite.pipelines().any(p => p.slug == "stock-sync")', False,
      entity=IV, warnings=W(IV))
F.add('block-suppresses-default-slug-criterion', 'buildkite.pipelines(slug=["inventory", "stock-sync"])',
      pipelines(IV, slug=['inventory', 'stock-sync']), entity=IV, warnings=W(IV))
F.add('block-suppresses-default-tag-criterion', 'buildkite.pipelines(tags="inventory")', pipelines(IV, tags='inventory'),
      entity=IV, warnings=W(IV))
F.add('block-suppresses-default-no-tagged-pipeline', 'buildkite.pipelines().any(p => entity.tag() in p.tags)', False,
      entity=IV, warnings=W(IV))
F.add('block-suppresses-default-builds', 'buildkite.builds(pipeline=["inventory", "stock-sync"])',
      [], entity=IV, warnings=W(IV),
      comment='inventory and stock-sync have builds in the window; none of them are the entity\'s')
F.add('block-suppresses-default-builds-pipelines', 'buildkite.builds().map(b => b.pipeline.slug).distinct()',
      list(dict.fromkeys(b['pipeline']['slug'] for b in builds(IV))), entity=IV, warnings=W(IV))
# missing slug warnings
F.add('listed-slug-missing-warning', 'buildkite.pipelines().length', 3, entity='payments-api',
      warnings=["entity payments-api lists pipeline slug 'payments-canary', which the organization does not have"])
F.add('listed-slug-missing-not-linked', 'buildkite.pipelines().any(p => p.slug == "payments-canary")', False,
      entity='payments-api', warnings=["'payments-canary'"])
F.add('listed-slug-and-tag-missing-warnings', 'buildkite.pipelines().length', 0, entity='data-platform',
      warnings=["entity data-platform lists pipeline slug 'data-etl', which the organization does not have",
                "entity data-platform lists Buildkite tag 'data', which no pipeline carries"])
# rule 2: default by slug and by Buildkite tag
F.add('default-slug-equals-tag', SL, ['status-page'], entity='status-page', warnings=[],
      comment='status-page: no block, no repository; the pipeline whose slug is the entity tag')
F.add('default-slug-equals-tag-among-others', 'buildkite.pipelines(slug="web-frontend").length', 1,
      entity='web-frontend', warnings=[])
F.add('default-buildkite-tag-equals-entity-tag', SL, ['indexer-nightly'], entity='search-indexer', warnings=[],
      comment='search-indexer: no block, no repository; indexer-nightly carries the Buildkite tag "search-indexer"')
F.add('default-buildkite-tag-carried', 'buildkite.pipelines()[0].tags', ['search-indexer', 'nightly'],
      entity='search-indexer', warnings=[])
F.add('default-buildkite-tag-web-e2e', 'buildkite.pipelines().any(p => p.slug == "web-e2e")', True,
      entity='web-frontend', warnings=[],
      comment='web-e2e builds acme-inc/qa/web-e2e; it carries the Buildkite tag "web-frontend"')
# rule 3: repositories
F.add('repository-github-https', SL, ['auth-ci'], entity='auth-service', warnings=[],
      comment='auth-service: github acme-inc/auth; auth-ci is https://github.com/acme-inc/auth.git')
F.add('repository-github-case-normalised', 'buildkite.pipelines().any(p => p.slug == "payments-nightly")', True,
      entity='payments-api', warnings=W('payments-api'),
      comment='payments-nightly is https://github.com/Acme-Inc/Payments-API.git: compared after normalising')
F.add('repository-github-scp-with-block', 'buildkite.pipelines().any(p => p.slug == "payments-api")', True,
      entity='payments-api', warnings=W('payments-api'),
      comment='payments-api (the pipeline) is git@github.com:acme-inc/payments-api.git; the entity has a block,\nso it links by repository (rule 3), not by slug (rule 2)')
F.add('repository-gitlab-nested-group', 'buildkite.pipelines().any(p => p.slug == "web-storybook")', True,
      entity='web-frontend', warnings=[],
      comment='web-storybook is https://gitlab.com/acme-inc/frontend/web-frontend.git (nested group)')
F.add('repository-gitlab-nested-values', 'buildkite.pipelines().map(p => p.git_repository)',
      [pfield(PBY[s], 'git_repository') for s in linked('web-frontend')], entity='web-frontend', warnings=[])
F.add('repository-bitbucket-ssh-url', 'buildkite.pipelines().any(p => p.slug == "ledger-migrations")', True,
      entity='ledger', warnings=[],
      comment='ledger-migrations is ssh://git@bitbucket.org/acme-inc/ledger.git; ledger is bitbucket acme-inc/ledger')
F.add('repository-bitbucket-both', 'buildkite.pipelines().map(p => p.git_repository).distinct()', ['acme-inc/ledger'],
      entity='ledger', warnings=[])
F.add('repository-azure', SL, ['legacy-tool'], entity='legacy-billing', warnings=[],
      comment='legacy-billing: azure project Platform, repository legacy-tool;\nlegacy-tool is https://dev.azure.com/acme-inc/Platform/_git/legacy-tool')
F.add('repository-azure-git-repository', 'buildkite.pipelines()[0].git_repository', 'acme-inc/platform/legacy-tool',
      entity='legacy-billing', warnings=[])
F.add('repository-not-matching-other-entities', 'buildkite.pipelines().any(p => p.slug == "checkout-service")', False,
      entity='payments-api', warnings=W('payments-api'))
# null namespace
F.add('no-block-nothing-linked-is-null', 'buildkite == null', True, entity='mobile-app', warnings=[],
      comment='mobile-app: no block; github acme-inc/mobile matches no pipeline; no slug or tag "mobile-app"')
F.add('no-block-nothing-linked-not-not-null', 'buildkite != null', False, entity='mobile-app', warnings=[])
F.add('null-namespace-pipelines-null-value', 'buildkite.pipelines()', error='null-value', entity='mobile-app')
F.add('null-namespace-builds-null-value', 'buildkite.builds()', error='null-value', entity='mobile-app')
F.add('null-namespace-guarded', 'buildkite != null AND buildkite.pipelines().length > 0', False, entity='mobile-app',
      warnings=[])
# block but nothing links
F.add('block-nothing-linked-not-null', 'buildkite == null', False, entity='data-platform')
F.add('block-nothing-linked-pipelines-empty', 'buildkite.pipelines()', [], entity='data-platform', warnings=W('data-platform'))
F.add('block-nothing-linked-is-empty', 'buildkite.pipelines().isEmpty()', True, entity='data-platform', warnings=W('data-platform'))
F.add('block-nothing-linked-builds-empty', 'buildkite.builds()', [], entity='data-platform', warnings=W('data-platform'))
F.add('block-nothing-linked-builds-wide-window', 'buildkite.builds(lookback=duration("P365D")).length', 0,
      entity='data-platform', warnings=W('data-platform'))
print('linking', F.write())

from model import *
from emit import File, MISSING
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'
F = File(OUT + 'pipelines.yaml', '''# buildkite.pipelines(criteria): the linked pipelines matching every criterion, ordered by slug, and the
# pipeline object's fields (cql-dialect.md, "The buildkite namespace"). Expected values come from
# pipelines.json and the entity descriptors. payments-api links payments-api, payments-deploy,
# payments-nightly; web-frontend links web-e2e, web-frontend, web-storybook.''')
PA, WF = 'payments-api', 'web-frontend'
def W(t): return warnings(t)
SL = '.map(p => p.slug)'
def crit_case(name, t, args, crit, comment=None):
    F.add(name, 'buildkite.pipelines(%s)%s' % (args, SL), pipelines(t, **crit), entity=t, warnings=W(t), comment=comment)

F.add('no-criteria-ordered-by-slug', 'buildkite.pipelines()' + SL, linked(PA), entity=PA, warnings=W(PA))
F.add('ordered-by-slug-web', 'buildkite.pipelines()' + SL, linked(WF), entity=WF, warnings=[])
F.add('ordered-by-slug-check', 'buildkite.pipelines()%s == buildkite.pipelines()%s.sortBy(s => s)' % (SL, SL), True,
      entity=WF, warnings=[])
# description
crit_case('description-one', PA, 'description="Payments REST API"', dict(description='Payments REST API'))
crit_case('description-list', PA, 'description=["Payments REST API", "Deploys payments to production"]',
          dict(description=['Payments REST API', 'Deploys payments to production']))
crit_case('descriptions-plural', PA, 'descriptions=["Nightly payments reconciliation tests"]',
          dict(description=['Nightly payments reconciliation tests']))
crit_case('description-exact-not-contains', PA, 'description="Payments"', dict(description='Payments'),
          comment='string criteria match exactly (only message contains)')
# git_repository
crit_case('git-repository-one', PA, 'git_repository="acme-inc/payments-api"', dict(git_repository='acme-inc/payments-api'),
          comment='payments-nightly is https://github.com/Acme-Inc/Payments-API.git: normalised it is acme-inc/payments-api')
crit_case('git-repository-list', PA, 'git_repository=["acme-inc/payments-infra", "acme-inc/elsewhere"]',
          dict(git_repository=['acme-inc/payments-infra', 'acme-inc/elsewhere']))
crit_case('git-repositories-plural', WF, 'git_repositories=["acme-inc/frontend/web-frontend"]',
          dict(git_repository=['acme-inc/frontend/web-frontend']))
crit_case('git-repository-unlinked', PA, 'git_repository="acme-inc/auth"', dict(git_repository='acme-inc/auth'),
          comment='auth-ci builds acme-inc/auth but is not linked to payments-api')
# id
crit_case('id-one', PA, 'id="%s"' % PBY['payments-deploy']['id'], dict(id=PBY['payments-deploy']['id']))
crit_case('id-list', PA, 'id=["%s", "%s"]' % (PBY['payments-nightly']['id'], PBY['payments-api']['id']),
          dict(id=[PBY['payments-nightly']['id'], PBY['payments-api']['id']]))
crit_case('ids-plural', WF, 'ids=["%s"]' % PBY['web-e2e']['id'], dict(id=[PBY['web-e2e']['id']]))
crit_case('id-of-unlinked-pipeline', WF, 'id="%s"' % PBY['auth-ci']['id'], dict(id=PBY['auth-ci']['id']))
# name
crit_case('name-one', PA, 'name="Payments Deploy"', dict(name='Payments Deploy'))
crit_case('name-list', WF, 'name=["Web E2E", "Web Storybook"]', dict(name=['Web E2E', 'Web Storybook']))
crit_case('names-plural', PA, 'names=["Payments Nightly"]', dict(name=['Payments Nightly']))
crit_case('name-is-case-sensitive', PA, 'name="payments deploy"', dict(name='payments deploy'))
# slug
crit_case('slug-one', PA, 'slug="payments-nightly"', dict(slug='payments-nightly'))
crit_case('slug-list', PA, 'slug=["payments-nightly", "payments-api", "auth-ci"]', dict(slug=['payments-nightly', 'payments-api', 'auth-ci']),
          comment='results keep slug order, not the order of the values; auth-ci is not linked')
crit_case('slugs-plural', WF, 'slugs=["web-frontend", "web-e2e"]', dict(slug=['web-frontend', 'web-e2e']))
crit_case('slug-not-linked', PA, 'slug="auth-ci"', dict(slug='auth-ci'))
crit_case('slug-listed-but-missing', PA, 'slug="payments-canary"', dict(slug='payments-canary'))
# tags
crit_case('tags-one', PA, 'tags="nightly"', dict(tags='nightly'))
crit_case('tag-singular', PA, 'tag="payments"', dict(tags='payments'))
crit_case('tags-list-any-of', PA, 'tags=["deploy", "nightly"]', dict(tags=['deploy', 'nightly']))
crit_case('tags-emoji', PA, 'tags=":credit_card:"', dict(tags=':credit_card:'))
crit_case('tags-none-carry', WF, 'tags="nightly"', dict(tags='nightly'))
crit_case('tag-singular-list', WF, 'tag=["e2e", "frontend"]', dict(tags=['e2e', 'frontend']))
crit_case('tags-pipeline-without-tags', 'ledger', 'tags="db"', dict(tags='db'),
          comment='ledger-ci has no tags; ledger-migrations carries "db"')
# combinations: all must match
crit_case('combine-repository-and-tag', PA, 'git_repository="acme-inc/payments-api", tags="nightly"',
          dict(git_repository='acme-inc/payments-api', tags='nightly'))
crit_case('combine-disjoint', PA, 'slug="payments-api", name="Payments Deploy"', dict(slug='payments-api', name='Payments Deploy'))
crit_case('combine-lists', WF, 'slug=["web-e2e", "web-frontend"], tags=["frontend", "e2e"], git_repository="acme-inc/qa/web-e2e"',
          dict(slug=['web-e2e', 'web-frontend'], tags=['frontend', 'e2e'], git_repository='acme-inc/qa/web-e2e'))
crit_case('combine-three', PA, 'name="Payments API", description="Payments REST API", id="%s"' % PBY['payments-api']['id'],
          dict(name='Payments API', description='Payments REST API', id=PBY['payments-api']['id']))
F.add('criteria-from-expressions', 'buildkite.pipelines(slug="payments-" + "deploy")' + SL, ['payments-deploy'],
      entity=PA, warnings=W(PA))
F.add('criteria-on-empty-linkage', 'buildkite.pipelines(tags="data")', [], entity='data-platform', warnings=W('data-platform'))

# fields
def fcase(name, slug, t, field, comment=None):
    F.add(name, 'buildkite.pipelines(slug="%s")[0].%s' % (slug, field), pfield(PBY[slug], field), entity=t, warnings=W(t),
          comment=comment)
fcase('field-id', 'payments-api', PA, 'id')
fcase('field-graphql-id', 'payments-api', PA, 'graphql_id')
fcase('field-slug', 'payments-deploy', PA, 'slug')
fcase('field-name', 'payments-nightly', PA, 'name')
fcase('field-description', 'payments-deploy', PA, 'description')
fcase('field-description-null', 'status-page', 'status-page', 'description', comment='status-page has no description')
fcase('field-repository-as-buildkite-has-it', 'payments-nightly', PA, 'repository')
fcase('field-git-repository-https-mixed-case', 'payments-nightly', PA, 'git_repository')
fcase('field-git-repository-scp', 'payments-api', PA, 'git_repository')
fcase('field-git-repository-gitlab-nested', 'web-frontend', WF, 'git_repository')
fcase('field-git-repository-gitlab-https', 'web-e2e', WF, 'git_repository')
fcase('field-git-repository-bitbucket-ssh', 'ledger-migrations', 'ledger', 'git_repository')
fcase('field-git-repository-bitbucket-scp', 'ledger-ci', 'ledger', 'git_repository')
fcase('field-git-repository-azure', 'legacy-tool', 'legacy-billing', 'git_repository',
      comment='Azure keeps org/project/repo, lower case')
fcase('field-repository-azure', 'legacy-tool', 'legacy-billing', 'repository')
fcase('field-tags', 'payments-api', PA, 'tags')
fcase('field-tags-empty', 'ledger-ci', 'ledger', 'tags', comment='ledger-ci has no tags (null in the API): an empty list')
fcase('field-default-branch', 'payments-api', PA, 'default_branch')
fcase('field-default-branch-master', 'legacy-tool', 'legacy-billing', 'default_branch')
fcase('field-web-url', 'web-storybook', WF, 'web_url')
fcase('field-url', 'web-storybook', WF, 'url')
fcase('field-created-at', 'payments-api', PA, 'created_at')
fcase('field-created-at-whole-seconds', 'checkout-service', 'checkout', 'created_at')
F.add('field-created-at-is-datetime', 'buildkite.pipelines(slug="payments-api")[0].created_at < datetime("2023-01-04T00:00:00Z")',
      True, entity=PA, warnings=W(PA))
fcase('field-provider-github', 'payments-api', PA, 'provider')
fcase('field-provider-gitlab', 'web-e2e', WF, 'provider')
fcase('field-provider-bitbucket', 'ledger-ci', 'ledger', 'provider')
fcase('field-provider-unknown', 'legacy-tool', 'legacy-billing', 'provider')
F.add('field-all-descriptions', 'buildkite.pipelines().map(p => p.description)',
      [PBY[s]['description'] for s in linked(WF)], entity=WF, warnings=[])
FIELDS = ['id', 'graphql_id', 'slug', 'name', 'description', 'repository', 'git_repository', 'tags',
          'default_branch', 'web_url', 'url', 'created_at', 'provider']
F.add('whole-pipeline-object', 'buildkite.pipelines()[0]', {f: pfield(PBY['checkout-service'], f) for f in FIELDS},
      entity='checkout', warnings=[], comment='the pipeline object has exactly the fields the dialect record lists')
F.add('field-index-form', 'buildkite.pipelines()[0]["slug"]', 'checkout-service', entity='checkout', warnings=[])
F.add('unknown-field', 'buildkite.pipelines()[0].foo', error='unknown-name', entity='checkout')
F.add('unknown-field-near-miss', 'buildkite.pipelines()[0].slugg', error='unknown-name', entity='checkout',
      message="did you mean 'slug'")
F.add('unknown-field-raw-api-field', 'buildkite.pipelines()[0].cluster_id', error='unknown-name', entity='checkout',
      comment='cluster_id is in the API response but is not a field of the pipeline object')
F.add('unknown-criterion', 'buildkite.pipelines(repo="acme-inc/checkout")', error='unknown-name', entity='checkout',
      message='valid criteria', at=[1, 21])
F.add('unknown-criterion-builds-only', 'buildkite.pipelines(state="passed")', error='unknown-name', entity='checkout',
      comment='state is a build criterion, not a pipeline criterion')
F.add('same-criterion-twice', 'buildkite.pipelines(tag="a", tags="b")', error='arity', entity='checkout')
F.add('pipeline-criterion-spelled-for-builds', 'buildkite.pipelines(pipeline_name="Checkout Service")', error='unknown-name',
      entity='checkout')
# the singular spelling of the function is not in the record: an unknown name (second round)
F.add('singular-function-is-unknown', 'buildkite.pipeline(slug="payments-api")' + SL, error='unknown-name', at=[1, 11],
      message="did you mean 'pipelines'?", entity=PA)
F.add('singular-function-no-criteria-is-unknown', 'buildkite.pipeline()' + SL, error='unknown-name', entity=WF)
# fields are checked when compiling, wherever the receiver is known to be a pipeline (second round)
F.add('unknown-field-in-lambda-when-compiling', 'false AND buildkite.pipelines().any(p => p.slg == "x")',
      error='unknown-name', at=[1, 44], message="did you mean 'slug'?", entity=PA)
print('pipelines', F.write())

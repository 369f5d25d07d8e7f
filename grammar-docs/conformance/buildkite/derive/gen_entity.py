from model import *
from emit import File, MISSING
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..') + '/'
F = File(OUT + 'entity.yaml', '''# The entity namespace (cql-dialect.md, "The entity namespace"), custom(), hasGroup() and jq(), over the
# acme fixture's entity descriptors (entities/*.yaml). A case without `entity:` has no entity selected.''')
def info(t): return ENTS[t]['info']
for t in sorted(ENTS):
    F.add(t + '-tag', 'entity.tag()', t, entity=t)
    F.add(t + '-name', 'entity.name()', info(t)['title'], entity=t)
    F.add(t + '-type', 'entity.type()', info(t)['x-cortex-type'], entity=t)
for t in ('payments-api', 'web-frontend', 'data-platform', 'ledger'):
    F.add(t + '-description', 'entity.description()', info(t)['description'], entity=t)
F.add('description-absent-null', 'entity.description()', None, entity='search-indexer',
      comment='search-indexer has no description')
for t in ('payments-api', 'auth-service', 'data-platform', 'status-page'):
    F.add(t + '-groups', 'entity.groups()', info(t)['x-cortex-groups'], entity=t)
F.add('groups-length', 'entity.groups().length', 2, entity='payments-api')
F.add('groups-contains', 'entity.groups().contains("tier-1")', True, entity='payments-api')
F.add('has-group-true', 'hasGroup("payments")', True, entity='payments-api')
F.add('has-group-second', 'hasGroup("tier-1")', True, entity='payments-api')
F.add('has-group-false', 'hasGroup("platform")', False, entity='payments-api')
F.add('has-group-other-entity', 'hasGroup("platform")', True, entity='status-page')
F.add('has-group-no-groups', 'hasGroup("payments")', False, entity='legacy-billing',
      comment='legacy-billing has no x-cortex-groups')
F.add('has-group-in-rule', 'hasGroup("payments") AND entity.type() == "service"', True, entity='checkout')
# descriptor()
F.add('descriptor-title', 'entity.descriptor().info.title', 'Payments API', entity='payments-api')
F.add('descriptor-openapi', 'entity.descriptor().openapi', '3.0.1', entity='payments-api')
F.add('descriptor-backquoted-tag', 'entity.descriptor().info.`x-cortex-tag`', 'ledger', entity='ledger')
F.add('descriptor-backquoted-equals-tag', 'entity.descriptor().info.`x-cortex-tag` == entity.tag()', True, entity='checkout')
F.add('descriptor-git-github', 'entity.descriptor().info.`x-cortex-git`.github.repository', 'acme-inc/payments-api',
      entity='payments-api')
F.add('descriptor-git-gitlab', 'entity.descriptor().info.`x-cortex-git`.gitlab.repository', 'acme-inc/frontend/web-frontend',
      entity='web-frontend')
F.add('descriptor-git-azure', 'entity.descriptor().info.`x-cortex-git`.azure', {'project': 'Platform', 'repository': 'legacy-tool'},
      entity='legacy-billing')
F.add('descriptor-ci-cd-block', 'entity.descriptor().info.`x-cortex-ci-cd`.buildkite.pipelines.map(p => p.slug)',
      ['payments-deploy', 'payments-canary'], entity='payments-api')
F.add('descriptor-ci-tags', 'entity.descriptor().info.`x-cortex-ci-cd`.buildkite.tags', [{'tag': 'checkout'}], entity='checkout')
F.add('descriptor-absent-key-null', 'entity.descriptor().info.`x-cortex-git`', None, entity='search-indexer')
F.add('descriptor-info-keys', 'entity.descriptor().info.keys().length', len(info('payments-api')), entity='payments-api')
F.add('descriptor-groups', 'entity.descriptor().info.`x-cortex-groups`', ['data', 'platform'], entity='data-platform')
F.add('descriptor-custom-metadata-raw', 'entity.descriptor().info.`x-cortex-custom-metadata`.`owner-note`',
      info('payments-api')['x-cortex-custom-metadata']['owner-note'], entity='payments-api',
      comment='the descriptor keeps the {value, description} entry as written')
F.add('descriptor-index-form', 'entity.descriptor()["info"]["x-cortex-type"]', 'system', entity='data-platform')
# custom()
F.add('custom-number', 'custom("tier")', 1, entity='payments-api')
F.add('custom-number-compare', 'custom("tier") <= 2', True, entity='checkout')
F.add('custom-boolean', 'custom("pci")', True, entity='payments-api')
F.add('custom-value-description-form', 'custom("owner-note")', 'on call', entity='payments-api',
      comment='a {value: v, description: d} entry gives v')
F.add('custom-value-description-form-2', 'custom("cost-center")', 'CC-042', entity='data-platform')
F.add('custom-string', 'custom("framework")', 'react', entity='web-frontend')
F.add('custom-boolean-deprecated', 'custom("deprecated")', True, entity='legacy-billing')
F.add('custom-tier-3', 'custom("tier")', 3, entity='data-platform')
F.add('custom-absent-key-null', 'custom("no-such-key")', None, entity='payments-api')
F.add('custom-no-metadata-null', 'custom("tier")', None, entity='search-indexer',
      comment='search-indexer has no x-cortex-custom-metadata')
F.add('custom-absent-guard', 'custom("tier") != null AND custom("tier") <= 1', False, entity='status-page')
F.add('custom-absent-compare-type-error', 'custom("tier") <= 1', error='type', entity='status-page',
      comment='ordering null is a type error, never a silent false')
# jq()
GQ = r'".info.\"x-cortex-groups\" | length"'
F.add('jq-groups-length', 'jq(entity.descriptor(), %s)' % GQ, 2, entity='payments-api')
F.add('jq-groups-length-one', 'jq(entity.descriptor(), %s)' % GQ, 1, entity='checkout')
F.add('jq-several-outputs-list', r'jq(entity.descriptor(), ".info.\"x-cortex-groups\"[]")', ['payments', 'tier-1'],
      entity='payments-api', comment='several outputs give a list')
F.add('jq-one-output-value', r'jq(entity.descriptor(), ".info.\"x-cortex-groups\"[]")', 'payments', entity='checkout',
      comment='one output gives the value itself')
F.add('jq-no-output-null', r'jq(entity.descriptor(), ".info.\"x-cortex-groups\"[] | select(. == \"nope\")")', None,
      entity='payments-api', comment='no output gives null')
F.add('jq-empty-null', 'jq(entity.descriptor(), "empty")', None, entity='payments-api')
F.add('jq-title', 'jq(entity.descriptor(), ".info.title")', 'Ledger', entity='ledger')
F.add('jq-missing-key-null', 'jq(entity.descriptor(), ".info.missing")', None, entity='ledger')
F.add('jq-list-output', r'jq(entity.descriptor(), ".info.\"x-cortex-ci-cd\".buildkite.pipelines | map(.slug)")',
      ['payments-deploy', 'payments-canary'], entity='payments-api', comment='one output that is a list')
F.add('jq-custom-metadata', r'jq(entity.descriptor(), ".info[\"x-cortex-custom-metadata\"][\"owner-note\"].value")',
      'on call', entity='payments-api')
F.add('jq-info-key-count', 'jq(entity.descriptor(), ".info | keys | length")', len(info('payments-api')), entity='payments-api')
F.add('jq-has-key', r'jq(entity.descriptor(), ".info | has(\"x-cortex-git\")")', False, entity='status-page')
F.add('jq-in-rule', 'jq(entity.descriptor(), %s) >= 2' % GQ, True, entity='data-platform')
F.add('jq-on-list', 'jq([1, 2, 3], ".[] | select(. > 1)")', [2, 3], entity='payments-api')
F.add('jq-on-object', 'jq(entity.descriptor().info, ".title")', 'Payments API', entity='payments-api')
F.add('jq-without-entity', 'jq([10, 20], ".[1]")', 20, comment='jq is a global function: no entity needed')
# no entity selected
for name, expr, at in (('no-entity-tag', 'entity.tag()', [1, 1]), ('no-entity-name', 'entity.name()', None),
                       ('no-entity-type', 'entity.type()', None), ('no-entity-description', 'entity.description()', None),
                       ('no-entity-descriptor', 'entity.descriptor().info.title', None),
                       ('no-entity-groups', 'entity.groups()', None),
                       ('no-entity-custom', 'custom("tier")', None), ('no-entity-has-group', 'hasGroup("payments")', None),
                       ('no-entity-jq-of-descriptor', 'jq(entity.descriptor(), ".info.title")', None)):
    F.add(name, expr, error='unknown-name', message='no entity is selected', at=at)
# unknown names
F.add('unknown-entity-function', 'entity.owner()', error='unknown-name', entity='payments-api')
F.add('unknown-entity-function-near-miss', 'entity.tags()', error='unknown-name', entity='payments-api',
      message="did you mean 'tag'")
F.add('entity-function-arity', 'entity.tag(1)', error='arity', entity='payments-api')
F.add('custom-arity', 'custom()', error='arity', entity='payments-api')
print('entity', F.write())

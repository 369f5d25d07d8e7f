import json
MISSING = object()

class File:
    def __init__(self, path, header):
        self.path, self.header, self.cases, self.names = path, header, [], set()
    def add(self, name, expr, result=MISSING, error=None, entity=MISSING, message=None, at=None, warnings=None, comment=None, now=None):
        assert name not in self.names, name
        assert (result is MISSING) != (error is None), name
        self.names.add(name)
        self.cases.append(dict(name=name, expr=expr, result=result, error=error, entity=entity,
                               message=message, at=at, warnings=warnings, comment=comment, now=now))
    def write(self):
        out = [self.header.rstrip('\n'), 'data: ../fixtures/acme', 'now: 2026-11-01T12:00:00Z', 'cases:']
        for c in self.cases:
            if c['comment']:
                for line in c['comment'].split('\n'):
                    out.append('  # ' + line)
            out.append('  - name: ' + c['name'])
            if c['entity'] is not MISSING:
                out.append('    entity: ' + c['entity'])
            if c['now']:
                out.append('    now: ' + c['now'])
            out.append("    expr: '" + c['expr'].replace("'", "''") + "'")
            if c['result'] is not MISSING:
                out.append('    result: ' + json.dumps(c['result'], ensure_ascii=False))
            else:
                out.append('    error: ' + c['error'])
                if c['at']: out.append('    at: ' + json.dumps(c['at']))
                if c['message']: out.append('    message: ' + json.dumps(c['message'], ensure_ascii=False))
            if c['warnings'] is not None:
                out.append('    warnings: ' + json.dumps(c['warnings'], ensure_ascii=False))
        open(self.path, 'w').write('\n'.join(out) + '\n')
        return len(self.cases)

#!/usr/bin/env python3
"""Copies the chosen recorded cases into tests/vectors/oc-golden/, each with our CLI's
equivalent command line (`args`)."""
import json, os, shutil, sys
SRC = os.environ['OC_CASES']
DST = os.environ['OC_GOLDEN']

def read(case, name):
    p = os.path.join(SRC, case, name)
    return open(p, 'rb').read() if os.path.exists(p) else None

def oc_args(case):
    text = read(case, 'cmd').decode()
    return text[:-1].split('\n')[1:] if text.endswith('\n') else text.split('\n')[1:]  # drop "oc"

def put(case, name, data):
    d = os.path.join(DST, case)
    os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def common(case, args):
    put(case, 'oc', '\n'.join(['oc'] + oc_args(case)) + '\n')
    put(case, 'args', '\n'.join(args) + '\n')
    for n in ('stdout', 'stderr', 'rc'):
        put(case, n, read(case, n) or b'')

def policy(case):
    a = [x for x in oc_args(case) if x != '--dry-run=client']
    ns = a[a.index('-n') + 1]
    fixtures = json.loads(read(case, 'fixtures.json'))
    items = [o for o in fixtures if o['kind'] == 'RoleBinding' and o['metadata'].get('namespace') == ns]
    put(case, 'rolebindings.json', json.dumps({'apiVersion': 'v1', 'kind': 'List', 'items': items}, indent=2) + '\n')
    common(case, a + ['--existing', 'rolebindings.json'])

def set_data(case):
    a = oc_args(case)
    i = a.index('-f')
    manifest = a[i + 1]
    rest = [x for j, x in enumerate(a) if j not in (i, i + 1) and x not in ('--local', '--dry-run=client')]
    rest = [x for x in rest if not x.startswith('secret/')]
    before = os.path.join(SRC, case, 'files_before')
    for n in os.listdir(before):
        put(case, n, open(os.path.join(before, n), 'rb').read())
    common(case, ['set', 'data', 'secret/pull-secret', '--secret-file', manifest] + rest[2:])

def login(case):
    a = [x for x in oc_args(case) if x != '--skip-check']
    before = os.path.join(SRC, case, 'files_before')
    after = os.path.join(SRC, case, 'files_after')
    for n in (os.listdir(before) if os.path.isdir(before) else []):
        put(case, 'before/' + n, open(os.path.join(before, n), 'rb').read())
    if os.path.isdir(after):
        for root, _, files in os.walk(after):
            for n in files:
                rel = os.path.relpath(os.path.join(root, n), after)
                put(case, 'after/' + rel, open(os.path.join(root, n), 'rb').read())
    common(case, ['login', '--compat', 'oc'] + a[2:])

# Only the case directories (they start with a digit): README.md and recorder/ stay.
for old in os.listdir(DST):
    if old[:1].isdigit():
        shutil.rmtree(os.path.join(DST, old))
for case in sorted(os.listdir(SRC)):
    if case.startswith(('1a', '1b', '1c', '1d')) and case.endswith(('_dry_yaml', '_dry_json')) \
            and 'role_namespace' not in case:
        policy(case)
    elif case.startswith('1e'):
        policy(case)
    elif case.startswith(('3d_local', '3e_local', '3f_local')) and '-o' in oc_args(case) or case == '3h_missing_file':
        set_data(case) if case != '3h_missing_file' else None
    elif case.startswith('4') and 'xdg' not in case and 'to_dash' not in case and 'fakeapi_port' not in case \
            and 'refused' not in case and 'openshift' not in case and 'omitted' not in case:
        login(case)
print(len(os.listdir(DST)))

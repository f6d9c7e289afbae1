// The page: moves what the user pastes or drops into the component and shows its answers.
// Every decision about a pull secret is the component's; this file only calls and formats.
import { attempt, drop, load } from './component.js';
import { MASK, fill, findings, h, plural, prose, secret, shown, table, tally } from './view.js';

const $ = (id) => document.getElementById(id);
const utf8 = new TextEncoder();

const CONSUMERS = {
  kubelet: { name: 'kubelet', what: 'pod imagePullSecrets and the node config.json' },
  containers: { name: 'CRI-O / podman', what: 'containers/image: CRI-O, podman, skopeo' },
  docker: { name: 'docker CLI', what: 'docker pull' },
};
const FORMS = {
  auth: 'auth',
  plain: 'username/password',
  'token-only': 'token only (sent as an empty credential)',
  empty: 'empty (sent as an empty credential)',
};

const state = {
  ps: null,
  catalogue: { codes: new Map(), rules: new Map() },
  files: [], // {name, bytes}, in the order added
  configs: [], // {config, input}: every config of every input, in order
  download: null, // the object URL of the last edited file
  answered: false,
};

function inputs() {
  const list = [];
  const text = $('paste').value;
  if (text.trim()) list.push({ source: 'pasted', bytes: utf8.encode(text) });
  for (const f of state.files) list.push({ source: f.name, bytes: f.bytes });
  return list;
}

function commaList(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

// ---- entries -----------------------------------------------------------------------------

function origin(config) {
  const s = config.secret();
  if (!s) return `.${config.format()}`;
  const name = s.namespace ? `${s.namespace}/${s.name}` : s.name;
  return `Secret ${shown(name || '(no name)')} · ${shown(s.dataKey)} · ${shown(s.secretType)}`;
}

function entriesTable(entries) {
  if (entries.err) {
    return h('div', {}, h('p', { class: 'verdict bad' }, 'The kubelet rejects this pull secret:'),
      findings([entries.err], state.catalogue, 'Why it is rejected'));
  }
  if (!entries.ok.length) return h('p', { class: 'hint' }, 'No entries.');
  const rows = entries.ok.map((e) => [
    h('span', { class: 'mono' }, shown(e.key)),
    shown(e.username),
    e.form === 'auth' || e.form === 'plain'
      ? [h('span', { class: 'form' }, FORMS[e.form]), ' ', secret(e.password, `the password of ${shown(e.key)}`)]
      : h('span', { class: 'form' }, FORMS[e.form]),
    shown(e.email),
    h('span', { class: 'mono' }, e.location),
  ]);
  return table(null, ['Registry key', 'User', 'Credential', 'Email', 'Where'], rows, { class: 'entries' });
}

function renderEntries(parsed) {
  const out = $('entries-out');
  if (!parsed.length) {
    fill(out, h('p', { class: 'hint' }, 'Paste or drop a pull secret to see its entries. Secrets are masked; each entry has its own reveal button.'));
    return;
  }
  fill(out, ...parsed.map(({ input, doc }) => {
    if (doc.err) {
      return h('article', { class: 'config' }, h('h3', {}, shown(input.source)),
        findings([doc.err], state.catalogue, `Why ${input.source} cannot be read`));
    }
    const notes = findings(doc.ok.notes, state.catalogue, `Notes about ${input.source}`);
    if (!doc.ok.configs.length) {
      return h('article', { class: 'config' }, h('h3', {}, shown(input.source)),
        h('p', { class: 'hint' }, 'No pull secret in this document.'), notes);
    }
    return [notes, ...doc.ok.configs.map((config) => {
      const entries = attempt(() => config.entries());
      return h('article', { class: 'config', 'aria-label': `${config.source()}: ${origin(config)}` },
        h('h3', {}, shown(config.source()), ' ', h('span', { class: 'origin' }, origin(config)),
          entries.ok && h('span', { class: 'count' }, plural(entries.ok.length, 'entry', 'entries'))),
        entriesTable(entries));
    })];
  }));
}

// ---- validate ----------------------------------------------------------------------------

function renderValidate(list) {
  const out = $('validate-out');
  if (!list.length) {
    fill(out);
    return;
  }
  const { policy } = state.ps;
  const names = [...document.querySelectorAll('#policies input:checked')].map((c) => c.value);
  const context = { mirrors: commaList($('mirrors').value), images: commaList($('images').value) };
  const bad = policy.checkContext(context);
  if (bad.length) {
    fill(out, h('p', { class: 'summary bad' }, 'Correct the mirrors or images first:'),
      findings(bad, state.catalogue, 'Problems with the mirrors or images'));
    return;
  }
  const policies = names.map((n) => policy.Policy.builtin(n)).filter(Boolean);
  let found;
  try {
    found = policy.validate(list, policies, context);
  } finally {
    policies.forEach(drop);
  }
  const errors = found.some((d) => d.severity === 'error');
  fill(out,
    h('p', { class: `summary ${errors ? 'bad' : 'good'}` },
      `${plural(list.length, 'input', 'inputs')}: ${tally(found)}`,
      names.length ? ` (policies: ${names.join(', ')})` : ''),
    findings(found, state.catalogue, 'Findings') ?? h('p', { class: 'hint' }, 'No findings.'));
}

// ---- explain -----------------------------------------------------------------------------

function credentialLine(c) {
  return h('li', {},
    h('span', { class: 'mono' }, shown(c.key)), ' → user ', h('strong', {}, shown(c.username) || '(empty)'),
    ', password ', c.password ? MASK : '(empty)',
    c.identityToken ? `, identity token ${MASK}` : '',
    h('span', { class: 'from' }, ` from ${shown(c.source)}`));
}

function consumerCard(answer) {
  const who = CONSUMERS[answer.semantics];
  const sends = answer.failure
    ? h('p', { class: 'verdict bad' }, 'Fails the pull.')
    : answer.credentials.length
      ? h('p', { class: 'verdict good' }, answer.semantics === 'kubelet' && answer.credentials.length > 1
        ? `Tries ${answer.credentials.length} credentials, in this order (the first the registry accepts wins):`
        : 'Sends this credential:')
      : h('p', { class: 'verdict' }, 'Pulls anonymously: no credential matches.');
  const rows = answer.verdicts.map((v) => [
    h('span', { class: 'mono' }, shown(v.key)),
    shown(v.source),
    v.rank !== undefined ? h('span', { class: 'used' }, `used, #${v.rank}`) : h('span', { class: 'unused' }, 'not used'),
    prose(v.reason),
  ]);
  return h('article', { class: 'consumer', 'data-semantics': answer.semantics },
    h('h3', {}, who.name, ' ', h('span', { class: 'origin' }, who.what)),
    h('p', { class: 'lookup' }, 'Looks up ', h('code', {}, shown(answer.lookup))),
    sends,
    answer.failure && findings([answer.failure], state.catalogue, `Why the ${who.name} fails`),
    answer.credentials.length > 0 && h('ol', { class: 'credentials' }, answer.credentials.map(credentialLine)),
    answer.dockerHubFallback && h('p', { class: 'hint' }, 'These come from the kubelet\'s Docker Hub fallback (index.docker.io).'),
    answer.credentialHelper !== undefined && h('p', { class: 'hint' },
      'A credential helper would be asked first: ', h('code', {}, shown(answer.credentialHelper)),
      '. pullsecret runs no helpers.'),
    rows.length > 0 && table('Why each entry is used or not', ['Registry key', 'Source', 'Verdict', 'Reason'], rows, { class: 'verdicts' }),
    findings(answer.notes, state.catalogue, `Notes from the ${who.name}`));
}

function renderExplain() {
  const out = $('explain-out');
  const image = $('image').value.trim();
  if (!image) {
    fill(out, h('p', { class: 'hint' }, 'Type an image to see which credential each consumer sends for it, and why.'));
    return;
  }
  const request = { secrets: state.configs.map((c) => c.config), node: [], images: [image], raw: false };
  const result = attempt(() => state.ps.keyring.explain(request, undefined));
  if (result.err) {
    fill(out, findings([result.err], state.catalogue, 'Why the image cannot be looked up'));
    return;
  }
  fill(out, ...result.ok.map((x) => h('div', { class: 'explained' },
    !state.configs.length && h('p', { class: 'hint' }, inputs().length
      ? 'No pull secret could be read from what was given (see Entries): these are the answers without one.'
      : 'No pull secret given: every consumer pulls anonymously.'),
    h('div', { class: 'consumers' }, x.consumers.map(consumerCard)))));
}

// ---- edit --------------------------------------------------------------------------------

function refreshEditTargets() {
  // The first pull secret unless another one, still there, was picked.
  const select = $('edit-target');
  const previous = select.selectedOptions[0]?.textContent;
  const options = state.configs.map((c, i) => h('option', { value: i }, `${shown(c.config.source())} (${origin(c.config)})`));
  options.push(h('option', { value: 'new' }, 'a new file'));
  fill(select, ...options);
  (options.find((o) => o.textContent === previous && o.value !== 'new') ?? options[0]).selected = true;
}

function fileName(target) {
  if (target && !target.config.secret() && /\.json$/i.test(target.input.source)) {
    return target.input.source.split(/[\\/]/).pop();
  }
  return 'pull-secret.json';
}

/** For a config taken from a Secret: the download is its new data value; how to put it back. */
function secretHint(s, name) {
  const ns = s.namespace ? ` -n ${shown(s.namespace)}` : '';
  return h('p', { class: 'hint' }, `The file is the new value of the Secret's ${shown(s.dataKey)}; to store it: `,
    h('code', {}, `oc set data secret/${shown(s.name)}${ns} --from-file=${shown(s.dataKey)}=${name}`));
}

function changeText(c) {
  if (c.kind.tag === 'changed') return `changed: ${c.kind.val.join(', ')}`;
  return c.kind.tag;
}

function performEdit(event) {
  event.preventDefault();
  const out = $('edit-out');
  const form = $('edit-form');
  if (!form.checkValidity()) {
    form.reportValidity();
    return;
  }
  const choice = $('edit-target').value;
  const target = choice === 'new' ? null : state.configs[Number(choice)];
  const label = target ? target.config.source() : 'pull-secret.json';
  const request = {
    registry: $('edit-registry').value.trim(),
    username: $('edit-username').value,
    password: $('edit-password').value,
    email: $('edit-email').value || undefined,
    style: 'preserve',
  };
  const result = attempt(() => state.ps.edit.login(label, target ? target.config.payload() : undefined, request));
  if (result.err) {
    fill(out, h('p', { class: 'summary bad' }, 'Not changed:'), findings([result.err], state.catalogue, 'Why not'));
    return;
  }
  $('edit-password').value = '';
  const { bytes, warnings } = result.ok;
  const name = fileName(target);
  if (state.download) URL.revokeObjectURL(state.download);
  state.download = URL.createObjectURL(new Blob([bytes], { type: 'application/json' }));

  let changes;
  const edited = attempt(() => state.ps.config.parseOne(name, bytes, undefined));
  if (edited.ok && target) {
    const diff = attempt(() => state.ps.edit.diff(target.config, edited.ok));
    changes = diff.ok
      ? [diff.ok[0].length
        ? table('What changed (secrets never shown)', ['Registry key', 'Change'], diff.ok[0].map((c) => [h('span', { class: 'mono' }, shown(c.key)), changeText(c)]), { class: 'diff' })
        : h('p', { class: 'hint' }, 'No entry changed: the file already held these credentials.'),
      findings(diff.ok[1], state.catalogue, 'Warnings about the change')]
      : findings([diff.err], state.catalogue, 'Why the change cannot be compared');
  } else if (edited.ok) {
    const entries = attempt(() => edited.ok.entries()).ok ?? [];
    changes = h('p', { class: 'hint' }, `A new file with ${plural(entries.length, 'entry', 'entries')}: `,
      entries.map((e) => shown(e.key)).join(', '));
  }
  drop(edited.ok);

  fill(out,
    h('p', { class: 'summary good' }, `The new file is ready, with the credentials of ${shown(request.registry)}.`),
    changes,
    findings(warnings, state.catalogue, 'Warnings about the entry written'),
    target?.config.secret() && secretHint(target.config.secret(), name),
    h('p', { class: 'actions' },
      h('a', { id: 'download', class: 'button', href: state.download, download: name }, `Download ${name}`),
      ' ',
      h('span', { class: 'hint' }, `${plural(bytes.length, 'byte', 'bytes')}; the file holds the new credentials, keep it private.`),
      ' ',
      h('button', {
        type: 'button', class: 'secondary', onclick: () => {
          state.files.push({ name: `${name.replace(/\.json$/i, '')} (edited).json`, bytes });
          refresh();
          renderFileList();
        },
      }, 'Check the new file here')));
}

// ---- inputs and wiring ------------------------------------------------------------------

function renderFileList() {
  fill($('file-list'), ...state.files.map((f, i) => h('li', {},
    h('span', { class: 'mono' }, shown(f.name)), ` (${plural(f.bytes.length, 'byte', 'bytes')}) `,
    h('button', {
      type: 'button', class: 'secondary small', 'aria-label': `Remove ${shown(f.name)}`,
      onclick: () => { state.files.splice(i, 1); renderFileList(); refresh(); },
    }, 'Remove'))));
}

async function addFiles(fileList) {
  for (const f of fileList) state.files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  renderFileList();
  refresh();
}

function refresh() {
  if (!state.ps) return;
  for (const c of state.configs) drop(c.config);
  const list = inputs();
  const parsed = list.map((input) => ({ input, doc: attempt(() => state.ps.config.parse(input.source, input.bytes, undefined)) }));
  state.configs = parsed.flatMap(({ input, doc }) => (doc.ok ? doc.ok.configs.map((config) => ({ config, input })) : []));
  renderEntries(parsed);
  renderValidate(list);
  renderExplain();
  refreshEditTargets();
  fill($('edit-out'));
  if (!state.answered && state.configs.length) {
    state.answered = true;
    performance.mark('pullsecret:first-answer');
  }
}

// Work asked for while typing is done once, at the next frame.
const pending = new Set();
function soon(f) {
  if (!pending.size) {
    requestAnimationFrame(() => {
      const work = pending.has(refresh) ? [refresh] : [...pending];
      pending.clear();
      work.forEach((w) => w());
    });
  }
  pending.add(f);
}

async function start() {
  const status = $('status');
  try {
    state.ps = await load();
  } catch (e) {
    status.textContent = `The component could not be loaded (${e.message}). Build the page with web/build.mjs.`;
    status.classList.add('bad');
    document.documentElement.dataset.state = 'failed';
    throw e;
  }
  performance.mark('pullsecret:ready');
  const { catalogue, policy } = state.ps;
  state.catalogue = {
    codes: new Map(catalogue.codes().map((c) => [c.code, c])),
    rules: new Map(catalogue.rules().map((r) => [r.id, r])),
  };
  for (const name of policy.builtinNames()) {
    const p = policy.Policy.builtin(name);
    const id = `policy-${name}`;
    $('policies').append(h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, value: name, onchange: () => refresh() }),
      h('label', { for: id }, h('code', {}, name), ' ', h('span', { class: 'desc' }, p?.description() ?? ''))));
    drop(p);
  }
  status.textContent = `Ready: the component started in ${Math.round(performance.now())} ms. Nothing you enter leaves this page.`;
  status.classList.add('good');
  document.documentElement.dataset.state = 'ready';

  $('paste').addEventListener('input', () => soon(refresh));
  $('mirrors').addEventListener('input', () => soon(refresh));
  $('images').addEventListener('input', () => soon(refresh));
  $('image').addEventListener('input', () => soon(renderExplain));
  $('files').addEventListener('change', (e) => { addFiles(e.target.files); e.target.value = ''; });
  $('example').addEventListener('click', async () => {
    const response = await fetch('gen/examples/pull-secret.json');
    $('paste').value = await response.text();
    refresh();
  });
  $('clear').addEventListener('click', () => {
    $('paste').value = '';
    state.files = [];
    renderFileList();
    refresh();
  });
  $('edit-form').addEventListener('submit', performEdit);
  // Files dropped anywhere are added (text dropped into the paste area is pasted as usual);
  // a file dropped beside the zone must not make the browser navigate to it.
  const zone = $('drop');
  const carriesFiles = (e) => e.dataTransfer?.types?.includes('Files');
  window.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    zone.classList.add('over');
  });
  window.addEventListener('dragleave', (e) => { if (!e.relatedTarget) zone.classList.remove('over'); });
  window.addEventListener('drop', (e) => {
    zone.classList.remove('over');
    if (!carriesFiles(e)) return;
    e.preventDefault();
    addFiles(e.dataTransfer.files);
  });
  refresh();
}

start();

// Formatting of the component's values as DOM nodes. Nothing here decides anything about a
// pull secret: every fact shown comes from a WIT value.

/** What stands for a secret, as the CLI prints it: nothing of the secret itself. */
export const MASK = '********';

/** Builds an element: h('p', {class: 'x'}, 'text', child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children (nested arrays flattened, null and false left out). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Control and bidirectional-override characters made visible, as the CLI prints them. */
export function shown(text) {
  return String(text).replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    const known = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }[c];
    return known ?? `\\u{${c.codePointAt(0).toString(16)}}`;
  });
}

/** Text whose `backquoted` parts are code, as the messages and fixes write them. */
export function prose(text) {
  return shown(text).split('`').map((part, i) => (i % 2 ? h('code', {}, part) : part));
}

/** Where a project document path (`docs/rules.md#p3`) is served with the page. */
export function docHref(doc) {
  const m = /^docs\/([\w-]+)\.md(#[\w-]*)?$/.exec(doc ?? '');
  return m ? `gen/docs/${m[1]}.html${m[2] ?? ''}` : null;
}

/** A count and its noun: plural(2, 'entry', 'entries'). */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One finding (a WIT `diagnostic`): severity, code linked to its documentation, place, key,
 * message with the rule it cites, and the fix. `catalogue` is {codes, rules} keyed by name.
 */
export function finding(d, catalogue) {
  const code = catalogue.codes.get(d.code);
  const codeHref = docHref(code?.doc);
  const rule = d.rule ? catalogue.rules.get(d.rule) : undefined;
  const ruleHref = docHref(d.ruleDoc ?? rule?.doc);
  const place = [d.source, d.location].filter(Boolean).map(shown).join(':');
  return h('li', { class: `finding ${d.severity}`, 'data-code': d.code },
    h('div', { class: 'finding-head' },
      h('span', { class: `badge ${d.severity}` }, d.severity === 'info' ? 'note' : d.severity),
      codeHref
        ? h('a', { class: 'code', href: codeHref, title: `What ${d.code} means` }, d.code)
        : h('span', { class: 'code' }, d.code),
      place && h('span', { class: 'place' }, place),
      d.key != null && h('span', { class: 'key' }, shown(d.key))),
    h('p', { class: 'message' }, prose(d.message),
      d.rule && [' (', ruleHref
        ? h('a', { href: ruleHref }, rule ? `${rule.consumer} rule ${d.rule}` : `rule ${d.rule}`)
        : `rule ${d.rule}`, ')']),
    d.fix && h('p', { class: 'fix' }, h('span', { class: 'label' }, 'Fix: '), prose(d.fix)));
}

/** A list of findings, or nothing when there are none. */
export function findings(list, catalogue, label) {
  if (!list.length) return null;
  return h('ul', { class: 'findings', 'aria-label': label }, list.map((d) => finding(d, catalogue)));
}

/** "2 errors, 1 warning, 0 notes" for a list of findings. */
export function tally(list) {
  const count = (s) => list.filter((d) => d.severity === s).length;
  return `${plural(count('error'), 'error', 'errors')}, ${plural(count('warning'), 'warning', 'warnings')}, ${plural(count('info'), 'note', 'notes')}`;
}

/** A secret shown as the mask, with a button that reveals it in place (and hides it again). */
export function secret(value, what) {
  const text = h('span', { class: 'secret masked' }, MASK);
  const button = h('button', {
    type: 'button', class: 'reveal', 'aria-pressed': 'false', 'aria-label': `Reveal ${what}`,
    onclick: () => {
      const reveal = button.getAttribute('aria-pressed') === 'false';
      button.setAttribute('aria-pressed', String(reveal));
      button.setAttribute('aria-label', `${reveal ? 'Hide' : 'Reveal'} ${what}`);
      button.textContent = reveal ? 'Hide' : 'Reveal';
      text.textContent = reveal ? shown(value) : MASK;
      text.classList.toggle('masked', !reveal);
    },
  }, 'Reveal');
  return [text, ' ', button];
}

/** A table: headers, then rows of cells (strings or nodes). */
export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    caption && h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', { 'data-label': headers[i] }, c))))));
}

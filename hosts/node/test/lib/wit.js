// A reader of wit/pullsecret.wit just big enough for the tests: which records have which
// fields, which variants which cases, and which freestanding functions return a result.
import { readFileSync } from 'node:fs';

export const WIT_PATH = new URL('../../../../wit/pullsecret.wit', import.meta.url);

const unescape = (name) => name.replace(/^%/, '');

export function readWit(text = readFileSync(WIT_PATH, 'utf8')) {
  const records = new Map(); // `iface.record` → [{name, type}]
  const variants = new Map(); // `iface.variant` → [{name, payload}]
  const functions = new Map(); // `iface.function` → {returns}
  const stack = [];
  let iface;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const open = line.match(/^(interface|record|variant|enum|resource|world|flags)\s+(%?[a-z][a-z0-9-]*)\s*\{$/);
    if (open) {
      const [, kind, name] = open;
      if (kind === 'interface') iface = unescape(name);
      stack.push({ kind, name: unescape(name) });
      if (kind === 'record') records.set(`${iface}.${unescape(name)}`, []);
      if (kind === 'variant') variants.set(`${iface}.${unescape(name)}`, []);
      continue;
    }
    if (line === '}') {
      stack.pop();
      continue;
    }
    const top = stack.at(-1);
    if (!top) continue;
    if (top.kind === 'record') {
      const m = line.match(/^(%?[a-z][a-z0-9-]*)\s*:\s*(.+?),?$/);
      if (!m) throw new Error(`unread record line: ${line}`);
      records.get(`${iface}.${top.name}`).push({ name: unescape(m[1]), type: m[2] });
    } else if (top.kind === 'variant') {
      const m = line.match(/^(%?[a-z][a-z0-9-]*)(?:\((.+)\))?,?$/);
      if (!m) throw new Error(`unread variant line: ${line}`);
      variants.get(`${iface}.${top.name}`).push({ name: unescape(m[1]), payload: m[2] ?? null });
    } else if (top.kind === 'interface') {
      const m = line.match(/^(%?[a-z][a-z0-9-]*)\s*:\s*func\((.*)\)\s*(?:->\s*(.+?))?;$/);
      if (m) functions.set(`${iface}.${unescape(m[1])}`, { params: m[2], returns: m[3] ?? null });
      else if (/:\s*func\(/.test(line)) throw new Error(`unread function line: ${line}`);
    }
  }
  const code = text.split('\n').map((l) => l.replace(/\/\/.*$/, '')).join('\n');
  return { records, variants, functions, text, code };
}

/** Whether a freestanding function returns `result<…>`. */
export function returnsResult(wit, call) {
  const f = wit.functions.get(call);
  if (!f) throw new Error(`no function ${call} in the WIT`);
  return f.returns !== null && f.returns.startsWith('result');
}

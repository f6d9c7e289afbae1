// Which credentials does the kubelet send for an image? Usernames only: never print passwords.
import { readFileSync } from 'node:fs';
import { parse, matchImages } from '@pullsecret/core';

const path = new URL('../../examples/pull-secret.json', import.meta.url);
const { configs } = parse(readFileSync(path), { source: 'examples/pull-secret.json' });

const image = 'quay.io/repository-main/app:1';
const [{ answer }] = matchImages([image], { secrets: configs, semantics: 'kubelet' }).results;
console.log(`the kubelet looks up ${answer.lookup} and tries, in order:`);
for (const credential of answer.credentials) {
  console.log(`  ${credential.key}: user ${credential.username}`);
}

// Declarations of the idiomatic API. The records are jco's declarations of the WIT contract
// (gen/interfaces/*.d.ts, written by `npm run build`), reused here, not copied.

import type * as types from './gen/interfaces/pullsecret-core-types.js';
import type * as catalogue from './gen/interfaces/pullsecret-core-catalogue.js';
import type * as config from './gen/interfaces/pullsecret-core-config.js';
import type * as keyring from './gen/interfaces/pullsecret-core-keyring.js';
import type * as edit from './gen/interfaces/pullsecret-core-edit.js';
import type * as manifests from './gen/interfaces/pullsecret-core-manifests.js';
import type * as policy from './gen/interfaces/pullsecret-core-policy.js';

/** The raw jco bindings of the component. */
export * as bindings from './gen/pullsecret.js';

export type Format = types.Format;
export type Semantics = types.Semantics;
export type Severity = types.Severity;
export type Diagnostic = types.Diagnostic;
export type CodeInfo = catalogue.CodeInfo;
export type RuleInfo = catalogue.RuleInfo;
export type Entry = config.Entry;
export type CredentialForm = config.CredentialForm;
export type SecretOrigin = config.SecretOrigin;
export type Credential = keyring.Credential;
export type Verdict = keyring.Verdict;
export type Answer = keyring.Answer;
export type Answerer = keyring.Answerer;
export type ParsedKey = keyring.ParsedKey;
export type KeyReport = keyring.KeyReport;
export type Matched = keyring.Matched;
export type Matches = keyring.Matches;
export type Explained = keyring.Explained;
export type LoginStyle = edit.LoginStyle;
export type LoggedIn = edit.LoggedIn;
export type Prefer = edit.Prefer;
export type Merged = edit.Merged;
export type Conflict = edit.Conflict;
export type Change = edit.Change;
export type ChangeKind = edit.ChangeKind;
export type Output = manifests.Output;
export type Shape = manifests.Shape;
export type Found = manifests.Found;
export type Created = manifests.Created;
export type LinkResult = manifests.LinkResult;
export type AddRoleResult = manifests.AddRoleResult;
export type RecipeResult = manifests.RecipeResult;
export type SetDataResult = manifests.SetDataResult;
export type Context = policy.Context;

/** Text (sent as UTF-8) or bytes. */
export type Bytes = string | Uint8Array | ArrayBuffer | ArrayBufferView;
/** A WIT `input` with text or bytes, or bare text or bytes (labelled by the call). */
export type InputLike = Bytes | { source?: string; bytes: Bytes };

/** `T` with the members `K` made optional (they have defaults). */
type Defaulted<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A failed call: the component's diagnostic, which never carries secret material. */
export class PullSecretError extends Error {
  /** The WIT error case, e.g. `invalid-input`; undefined for a policy's findings. */
  readonly tag: types.Error['tag'] | undefined;
  readonly code: string;
  readonly severity: Severity;
  readonly key: string | undefined;
  readonly location: string | undefined;
  readonly rule: string | undefined;
  readonly ruleDoc: string | undefined;
  readonly fix: string | undefined;
  readonly source: string | undefined;
  /** The (first) diagnostic. */
  readonly diagnostic: Diagnostic;
  /** Every diagnostic (more than one only for a PolicyError). */
  readonly diagnostics: Diagnostic[];
}
/** The WIT `error` case `invalid-input`. */
export class InvalidInputError extends PullSecretError {
  readonly tag: 'invalid-input';
}
/** A policy document that `Policy.parse` refused. */
export class PolicyError extends PullSecretError {}

/** One parsed docker config. */
export class DockerConfig implements Disposable {
  private constructor();
  readonly format: Format;
  readonly source: string;
  readonly secret: SecretOrigin | undefined;
  readonly payload: Uint8Array;
  /** Throws InvalidInputError when the kubelet rejects the config. */
  entries(): Entry[];
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface ParseOptions {
  /** A label for findings, usually the file path (default `-`). */
  source?: string;
  /** Read as this format instead of detecting it. */
  format?: Format;
}

export interface Document {
  configs: DockerConfig[];
  notes: Diagnostic[];
}

export function parse(data: Bytes, options?: ParseOptions): Document;
export function parseOne(data: Bytes, options?: ParseOptions): DockerConfig;
export function extract(data: Bytes, options?: { source?: string }): Uint8Array;

/** Configs merged in order, as the kubelet merges a pod's pull secrets. */
export class Keyring implements Disposable {
  constructor(configs?: DockerConfig[]);
  add(config: DockerConfig): this;
  lookupImage(image: string): Answer;
  lookupRaw(lookup: string): Answer;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface RequestOptions {
  /** The pod's pull secrets, in `imagePullSecrets` order. */
  secrets?: DockerConfig[];
  /** The node's `config.json` files. */
  node?: DockerConfig[];
  /** Look images up verbatim. */
  raw?: boolean;
}

export function matchImages(images: string[], options?: RequestOptions & { semantics?: Semantics }): Matches;
export function explain(images: string[], options?: RequestOptions & { only?: Semantics }): Explained[];
export function keys(keys: string[], options?: { target?: string }): KeyReport;
export function normalizeImage(image: string): string;

export interface LoginOptions extends Defaulted<edit.LoginRequest, 'style'> {
  /** The file's current content; undefined when it does not exist. */
  existing?: Bytes | null;
  /** A label for messages (default `-`). */
  target?: string;
}
export function login(request: LoginOptions): LoggedIn;
export function merge(base: DockerConfig, overlays: DockerConfig[], options?: { prefer?: Prefer }): Merged;
export function diff(oldConfig: DockerConfig, newConfig: DockerConfig): { changes: Change[]; warnings: Diagnostic[] };
export function nodeConfig(config: DockerConfig): Uint8Array;

/** What the host found at a path, with file contents as text or bytes. */
export type FoundLike =
  | { tag: 'file'; val: Bytes }
  | { tag: 'directory'; val: Array<{ name: string; content: { tag: 'ok'; val: Bytes } | { tag: 'err'; val: string } }> }
  | Exclude<Found, { tag: 'file' } | { tag: 'directory' }>;
export interface SourcesLike extends Partial<Omit<manifests.Sources, 'found'>> {
  found?: Array<{ path: string; found: FoundLike }>;
}
type WithSources<T> = Omit<T, 'sources'> & { sources?: SourcesLike };

export function sourcePaths(fromFile?: string[], fromEnvFile?: string[]): string[];
export function createDockerRegistrySecret(
  request: WithSources<Defaulted<manifests.DockerRegistrySecret, 'email' | 'appendHash' | 'shape' | 'output'>>,
): Created;
export function createGenericSecret(
  request: WithSources<Defaulted<manifests.GenericSecret, 'appendHash' | 'shape' | 'output'>>,
): Created;
export function secretsLink(
  request: Omit<Defaulted<manifests.LinkRequest, 'forValues' | 'patch' | 'output'>, 'current'> & { current?: InputLike },
): LinkResult;
export function addRole(
  request: Omit<Defaulted<manifests.AddRoleRequest, 'serviceAccounts' | 'shape' | 'output'>, 'existing'> & { existing?: InputLike },
): AddRoleResult;
export function createRolebinding(
  request: Defaulted<manifests.RolebindingRequest, 'namespace' | 'users' | 'groups' | 'serviceAccounts' | 'shape' | 'output'>,
): string;
export function createServiceaccount(name: string, options?: { namespace?: string; shape?: Shape; output?: Output }): string;
export type RecipeLike =
  | { crossProject: manifests.CrossProjectRequest }
  | { registries: Omit<manifests.RegistriesRequest, 'currentServiceAccount'> & { currentServiceAccount?: InputLike } }
  | manifests.Recipe;
export function grant(recipe: RecipeLike, options?: { shape?: Shape; output?: Output }): RecipeResult;
export function setData(
  request: WithSources<Omit<Defaulted<manifests.SetDataRequest, 'force' | 'output'>, 'current'> & { current?: InputLike }>,
): SetDataResult;

/** A checked policy document. */
export class Policy implements Disposable {
  private constructor();
  /** Throws PolicyError listing every problem. */
  static parse(data: Bytes, options?: { source?: string }): Policy;
  static builtin(name: string): Policy | undefined;
  readonly name: string;
  readonly description: string;
  dispose(): void;
  [Symbol.dispose](): void;
}

export function builtinPolicies(): string[];
export function checkContext(context?: Partial<Context>): Diagnostic[];
export function validate(
  inputs: Array<{ source: string; bytes: Bytes }>,
  options?: { policies?: Array<Policy | string> } & Partial<Context>,
): Diagnostic[];
export function codes(): CodeInfo[];
export function rules(): RuleInfo[];

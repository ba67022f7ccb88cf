import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  LAST_REVIEWED_ANNOTATION,
  TIER_ANNOTATION,
} from '@steward/plugin-ownership-common';
import { validateOpenSloDocument } from '@steward/plugin-slo-common';
import fs from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar } from 'yaml';
import { Prompter } from './prompter';

const LINK_TYPES = ['runbook', 'dashboard', 'alerts', 'playbook'] as const;
const ENTITY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const URL = /^https?:\/\/\S+$/;

/** What `steward init` writes into catalog-info.yaml and slos.yaml. */
export type InitAnswers = {
  name: string;
  description: string;
  owner: string;
  system?: string;
  type: string;
  lifecycle: string;
  tier: string;
  serviceName?: string;
  links: Partial<Record<(typeof LINK_TYPES)[number], string>>;
  sli: string;
  objective: number;
  window: string;
};

export type InitFlags = Partial<
  Omit<InitAnswers, 'links' | 'objective'> & { objective: string }
> &
  Partial<Record<(typeof LINK_TYPES)[number], string>>;

type Question = {
  key: keyof InitFlags;
  prompt: string;
  /** Undefined when the value can be inferred or left out. */
  default?: string;
  optional?: boolean;
  /** Undefined when valid, else why not. */
  check?: (value: string) => string | undefined;
};

const checks = {
  name: (v: string) =>
    v.length <= 63 && ENTITY_NAME.test(v)
      ? undefined
      : 'must be 1 to 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
  tier: (v: string) =>
    /^[1-4]$/.test(v) ? undefined : 'must be 1 (most critical), 2, 3 or 4',
  url: (v: string) =>
    URL.test(v)
      ? undefined
      : 'must be an http(s) URL, or empty to leave it out',
  objective: (v: string) => {
    const n = Number(v);
    return /^0?\.\d+$/.test(v) && n > 0 && n < 1
      ? undefined
      : 'must be a number greater than 0 and less than 1, like 0.999';
  },
  window: (v: string) =>
    /^[1-9]\d*[dw]$/.test(v)
      ? undefined
      : 'must be a whole number of days or weeks, like 28d or 4w',
  nonEmpty: (v: string) => (v.trim() ? undefined : 'must not be empty'),
};

function flagName(key: string): string {
  return key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

/** What can be read from the directory: its package.json, or its name. */
export function inferDefaults(dir: string): {
  name?: string;
  description?: string;
} {
  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    const name =
      typeof pkg.name === 'string'
        ? pkg.name.replace(/^@[^/]+\//, '')
        : undefined;
    return {
      name: name && !checks.name(name) ? name : undefined,
      description:
        typeof pkg.description === 'string' ? pkg.description : undefined,
    };
  }
  const base = path.basename(path.resolve(dir));
  return { name: checks.name(base) ? undefined : base };
}

function questions(options: {
  inferred: { name?: string; description?: string };
  slis: string[];
}): Question[] {
  const { inferred, slis } = options;
  return [
    {
      key: 'name',
      prompt: 'Component name',
      default: inferred.name,
      check: checks.name,
    },
    {
      key: 'description',
      prompt: 'One sentence on what the service does',
      default: inferred.description,
      check: checks.nonEmpty,
    },
    { key: 'owner', prompt: 'Owning Group (spec.owner)', check: checks.name },
    {
      key: 'system',
      prompt: 'System it is part of',
      optional: true,
      check: checks.name,
    },
    { key: 'type', prompt: 'Type', default: 'service', check: checks.nonEmpty },
    {
      key: 'lifecycle',
      prompt: 'Lifecycle',
      default: 'production',
      check: checks.nonEmpty,
    },
    {
      key: 'tier',
      prompt: 'Tier, 1 (most critical) to 4',
      default: '3',
      check: checks.tier,
    },
    {
      key: 'serviceName',
      prompt: 'OTel service.name, if it differs from the Component name',
      optional: true,
      check: checks.nonEmpty,
    },
    ...LINK_TYPES.map(
      (type): Question => ({
        key: type,
        prompt: `URL of the ${type}`,
        optional: true,
        check: checks.url,
      }),
    ),
    {
      key: 'sli',
      prompt: `SLI of the starter SLO${
        slis.length ? ` (${slis.join(', ')})` : ''
      }`,
      default: slis.includes('http-availability')
        ? 'http-availability'
        : slis[0] ?? 'http-availability',
      check: value =>
        slis.length === 0 || slis.includes(value)
          ? undefined
          : `must be one of ${slis.join(', ')}`,
    },
    {
      key: 'objective',
      prompt: 'Objective',
      default: '0.999',
      check: checks.objective,
    },
    {
      key: 'window',
      prompt: 'SLO window',
      default: '28d',
      check: checks.window,
    },
  ];
}

/**
 * Fills in what the flags did not give: from the prompter when there is
 * one (asking again after an invalid answer), else from defaults, failing
 * on anything required that has none.
 */
export async function collectAnswers(options: {
  flags: InitFlags;
  dir: string;
  slis: string[];
  prompter?: Prompter;
}): Promise<InitAnswers> {
  const { flags, prompter } = options;
  const values: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const q of questions({
    inferred: inferDefaults(options.dir),
    slis: options.slis,
  })) {
    const given = flags[q.key];
    if (given !== undefined) {
      const problem = q.check?.(given);
      if (problem) problems.push(`--${flagName(q.key)} ${problem}`);
      values[q.key] = given;
      continue;
    }
    if (!prompter) {
      if (q.default === undefined && !q.optional) {
        problems.push(`--${flagName(q.key)} is required with --yes`);
      }
      values[q.key] = q.default;
      continue;
    }
    for (;;) {
      let hint = q.optional ? ' (optional)' : '';
      if (q.default !== undefined) hint = ` [${q.default}]`;
      const answer = await prompter.ask(`${q.prompt}${hint}: `);
      if (answer === undefined) {
        throw new InputError(`No answer for "${q.prompt}": the input ended`);
      }
      const value = answer.trim() || q.default;
      if (value === undefined) {
        if (q.optional) break;
        prompter.say('  an answer is required\n');
        continue;
      }
      const problem = q.check?.(value);
      if (problem) {
        prompter.say(`  ${problem}\n`);
        continue;
      }
      values[q.key] = value;
      break;
    }
  }
  if (problems.length > 0) {
    throw new InputError(problems.join('\n'));
  }
  return {
    name: values.name!,
    description: values.description!,
    owner: values.owner!,
    system: values.system,
    type: values.type!,
    lifecycle: values.lifecycle!,
    tier: values.tier!,
    serviceName: values.serviceName,
    links: Object.fromEntries(
      LINK_TYPES.flatMap(type => (values[type] ? [[type, values[type]!]] : [])),
    ),
    sli: values.sli!,
    objective: Number(values.objective),
    window: values.window!,
  };
}

function quoteValues(doc: Document, keys: string[]) {
  const node = doc.getIn(keys, true);
  if (isMap(node)) {
    for (const item of node.items) {
      if (isScalar(item.value)) item.value.type = 'QUOTE_SINGLE';
    }
  }
}

function toYaml(docs: Array<{ value: object; quote?: string[][] }>): string {
  return docs
    .map(({ value, quote }) => {
      const doc = new Document(value);
      // Backstage wants annotation values as strings: a bare 3 or
      // 2026-11-21 would be read as a number or a date elsewhere.
      for (const keys of quote ?? []) quoteValues(doc, keys);
      return doc.toString({ lineWidth: 0, singleQuote: true });
    })
    .join('---\n');
}

/**
 * catalog-info.yaml (the Component with every ownership field, and a
 * Location for the SLOs) and slos.yaml (a starter SLO on an SLI of the
 * library), as docs/catalog-conventions.md lays them out.
 */
export function renderInit(options: { answers: InitAnswers; today: string }): {
  'catalog-info.yaml': string;
  'slos.yaml': string;
} {
  const a = options.answers;
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: a.name,
      description: a.description,
      annotations: {
        [TIER_ANNOTATION]: a.tier,
        [LAST_REVIEWED_ANNOTATION]: options.today,
        ...(a.serviceName && { 'steward.dev/service-name': a.serviceName }),
      },
      links: LINK_TYPES.flatMap(type =>
        a.links[type]
          ? [{ url: a.links[type]!, title: `${a.name} ${type}`, type }]
          : [],
      ),
    },
    spec: {
      type: a.type,
      lifecycle: a.lifecycle,
      owner: a.owner,
      ...(a.system && { system: a.system }),
    },
  };
  if (component.metadata.links!.length === 0) delete component.metadata.links;
  const location = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: `${a.name}-slos` },
    spec: { targets: ['./slos.yaml'] },
  };
  const slo = {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: `${a.name}-${a.sli}`.slice(0, 63).replace(/[-_.]+$/, ''),
      displayName: `${a.name} ${a.sli}`,
    },
    spec: {
      service: a.name,
      indicatorRef: a.sli,
      timeWindow: [{ duration: a.window, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: a.objective }],
    },
  };
  const checked = validateOpenSloDocument(slo);
  if (!checked.ok) {
    throw new InputError(
      checked.issues.map(i => `slos.yaml: ${i.path} ${i.message}`).join('\n'),
    );
  }
  return {
    'catalog-info.yaml': toYaml([
      { value: component, quote: [['metadata', 'annotations']] },
      { value: location },
    ]),
    'slos.yaml': toYaml([{ value: slo }]),
  };
}

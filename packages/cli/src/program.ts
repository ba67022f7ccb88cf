import { ESCALATION_PROVIDERS } from '@steward/plugin-ownership-common';
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { FailOn, runGate } from './commands/gate';
import {
  generateEscalationPolicyCommand,
  generateGrafanaDashboardCommand,
  generatePrometheusRulesCommand,
} from './commands/generate';
import { InitFlags, collectAnswers, renderInit } from './commands/init';
import { createPrompter } from './commands/prompter';
import { collectFiles } from './validate/collectFiles';
import { formatText } from './validate/findings';
import { validateFiles } from './validate/validateFiles';
import { parseYamlFile } from './validate/yamlFiles';

/** Exit codes: 1 is the answer "no" (findings, a blocked deploy); 2 is "could not answer". */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

export type ProgramIo = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  nowMs: number;
};

function parseNow(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new CommanderError(
      EXIT.error,
      'steward.now',
      `--now ${value} is not a date`,
    );
  }
  return ms;
}

function writeOutput(io: ProgramIo, text: string, output?: string) {
  if (output) {
    fs.writeFileSync(path.resolve(io.cwd, output), text);
  } else {
    io.stdout.write(text);
  }
}

export function createProgram(io: ProgramIo, setExit: (code: number) => void) {
  const program = new Command('steward')
    .description(
      "Check a service's catalog-info.yaml and OpenSLO files, gate its deploys on error budgets, and generate its alerting configuration",
    )
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError();

  const nowOption = () =>
    new Option(
      '--now <date>',
      'evaluate as of this date (ISO 8601), for reproducible output',
    ).argParser(parseNow);

  program
    .command('validate')
    .description('validate catalog-info.yaml and OpenSLO files, offline')
    .argument('[paths...]', 'files or directories', ['.'])
    .option(
      '--known <paths...>',
      "files or directories of entities that exist elsewhere (the org's Groups, the SLI library), used to check references",
      [],
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option(
      '--required-links <types>',
      'link types every Component needs, comma-separated',
      'runbook,dashboard,alerts,playbook',
    )
    .option(
      '--max-review-age-days <days>',
      'age at which a docs review is stale',
      v => Number(v),
      90,
    )
    .option('--strict', 'exit 1 on warnings too')
    .addOption(nowOption())
    .action(async (paths: string[], opts) => {
      const report = await validateFiles({
        files: collectFiles(paths.map(p => path.resolve(io.cwd, p))),
        known: collectFiles(
          opts.known.map((p: string) => path.resolve(io.cwd, p)),
        ),
        cwd: io.cwd,
        policy: {
          nowMs: opts.now ?? io.nowMs,
          requiredLinks: String(opts.requiredLinks)
            .split(',')
            .map(s => s.trim())
            .filter(Boolean),
          maxReviewAgeDays: opts.maxReviewAgeDays,
        },
      });
      io.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : formatText(report),
      );
      const failed = report.errors > 0 || (opts.strict && report.warnings > 0);
      setExit(failed ? EXIT.failed : EXIT.ok);
    });

  program
    .command('gate')
    .description(
      'ask the SLO backend whether a Component may deploy, from its error budgets',
    )
    .requiredOption(
      '--entity <ref>',
      'the Component, like checkout or component:default/checkout',
    )
    .requiredOption(
      '--backend <url>',
      'the Backstage backend, like https://backstage.example.com',
    )
    .option(
      '--token-env <name>',
      'environment variable holding the token',
      'STEWARD_TOKEN',
    )
    .addOption(
      new Option('--fail-on <decision>', 'the weakest decision that exits 1')
        .choices(['warn', 'freeze', 'never'])
        .default('freeze'),
    )
    .option(
      '--record-deploy',
      'record the deploy when the gate lets it through',
    )
    .option('--version <version>', 'the version deployed, with --record-deploy')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async opts => {
      const token = io.env[opts.tokenEnv];
      if (!token) {
        io.stderr.write(
          `warning: ${opts.tokenEnv} is not set; calling the backend without a token\n`,
        );
      }
      const outcome = await runGate({
        backend: opts.backend,
        entity: opts.entity,
        token,
        failOn: opts.failOn as FailOn,
        recordDeploy: Boolean(opts.recordDeploy),
        version: opts.version,
      });
      io.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify(
              {
                ...outcome.response,
                deploy: outcome.deploy,
                exitCode: outcome.exitCode,
              },
              null,
              2,
            )}\n`
          : outcome.text,
      );
      setExit(outcome.exitCode);
    });

  /** What every generator takes: paths from the user's directory, and now. */
  const offline = (paths: string[], opts: { now?: number }) => ({
    paths: paths.map(p => path.resolve(io.cwd, p)),
    cwd: io.cwd,
    nowMs: opts.now ?? io.nowMs,
  });

  const generate = program
    .command('generate')
    .description(
      'generate configuration from local files, offline, with the generators the backends use',
    );

  generate
    .command('prometheus-rules')
    .description(
      'Prometheus recording and multiwindow burn-rate alerting rules for SLOs',
    )
    .argument(
      '[paths...]',
      'files or directories with the SLOs, their SLIs and AlertPolicies',
      ['.'],
    )
    .option('--slo <name>', 'only this SLO')
    .option('-o, --output <file>', 'write here instead of to stdout')
    .addOption(nowOption())
    .action((paths: string[], opts) => {
      writeOutput(
        io,
        generatePrometheusRulesCommand({
          ...offline(paths, opts),
          slo: opts.slo,
        }),
        opts.output,
      );
    });

  generate
    .command('grafana-dashboard')
    .description(
      "a Grafana dashboard of a Component's SLOs, over the generated rules",
    )
    .argument('[paths...]', 'files or directories', ['.'])
    .requiredOption('--entity <ref>', 'the Component')
    .option('-o, --output <file>', 'write here instead of to stdout')
    .addOption(nowOption())
    .action((paths: string[], opts) => {
      writeOutput(
        io,
        generateGrafanaDashboardCommand({
          ...offline(paths, opts),
          entity: opts.entity,
        }),
        opts.output,
      );
    });

  generate
    .command('escalation-policy')
    .description(
      "a PagerDuty or Opsgenie escalation policy from a Group's spec.oncall",
    )
    .argument('[paths...]', 'files or directories', ['.'])
    .requiredOption('--group <ref>', 'the Group')
    .addOption(
      new Option('--provider <provider>', 'the API to create it with')
        .choices([...ESCALATION_PROVIDERS])
        .makeOptionMandatory(),
    )
    .option(
      '--mapping <file>',
      'YAML of provider ids or names: schedules, users, groups, ownerTeam',
    )
    .option('-o, --output <file>', 'write here instead of to stdout')
    .action((paths: string[], opts) => {
      const result = generateEscalationPolicyCommand({
        paths: paths.map(p => path.resolve(io.cwd, p)),
        cwd: io.cwd,
        group: opts.group,
        provider: opts.provider,
        mappingFile: opts.mapping && path.resolve(io.cwd, opts.mapping),
      });
      for (const warning of result.warnings) {
        io.stderr.write(`warning: ${warning}\n`);
      }
      writeOutput(io, result.output, opts.output);
    });

  program
    .command('init')
    .description(
      'write catalog-info.yaml with every ownership field and slos.yaml with a starter SLO',
    )
    .option('--dir <dir>', 'where to write', '.')
    .option('-y, --yes', 'ask nothing: take the flags and the defaults')
    .option('--force', 'overwrite existing files')
    .option(
      '--known <paths...>',
      'files or directories holding the SLI library',
      [],
    )
    .option(
      '--name <name>',
      'the Component name (default: package.json name or directory name)',
    )
    .option(
      '--description <text>',
      'one sentence on what it does (default: package.json description)',
    )
    .option('--owner <group>', 'the owning Group')
    .option('--system <system>', 'the System it is part of')
    .option('--type <type>', 'spec.type (default service)')
    .option('--lifecycle <lifecycle>', 'spec.lifecycle (default production)')
    .option('--tier <tier>', '1 (most critical) to 4 (default 3)')
    .option(
      '--service-name <name>',
      'the OTel service.name, when it differs from the name',
    )
    .option('--runbook <url>', 'runbook link')
    .option('--dashboard <url>', 'dashboard link')
    .option('--alerts <url>', 'alerts link')
    .option('--playbook <url>', 'incident playbook link')
    .option(
      '--sli <name>',
      'SLI of the library for the starter SLO (default http-availability)',
    )
    .option(
      '--objective <target>',
      'objective of the starter SLO (default 0.999)',
    )
    .option(
      '--window <duration>',
      'rolling window of the starter SLO (default 28d)',
    )
    .addOption(nowOption())
    .action(async opts => {
      const dir = path.resolve(io.cwd, opts.dir);
      const slis = collectFiles(
        opts.known.map((p: string) => path.resolve(io.cwd, p)),
      )
        .flatMap(file => parseYamlFile(file.text).documents)
        .map(
          doc =>
            doc.value as {
              apiVersion?: string;
              kind?: string;
              metadata?: { name?: string };
            },
        )
        .filter(
          v =>
            v?.apiVersion === 'openslo/v1' &&
            v.kind === 'SLI' &&
            v.metadata?.name,
        )
        .map(v => v.metadata!.name!);
      const flags: InitFlags = {
        name: opts.name,
        description: opts.description,
        owner: opts.owner,
        system: opts.system,
        type: opts.type,
        lifecycle: opts.lifecycle,
        tier: opts.tier,
        serviceName: opts.serviceName,
        runbook: opts.runbook,
        dashboard: opts.dashboard,
        alerts: opts.alerts,
        playbook: opts.playbook,
        sli: opts.sli,
        objective: opts.objective,
        window: opts.window,
      };
      const prompter = opts.yes
        ? undefined
        : createPrompter({
            input: io.stdin as never,
            output: io.stdout as never,
          });
      let answers;
      try {
        answers = await collectAnswers({ flags, dir, slis, prompter });
      } finally {
        prompter?.close();
      }
      const files = renderInit({
        answers,
        today: new Date(opts.now ?? io.nowMs).toISOString().slice(0, 10),
      });
      const existing = Object.keys(files).filter(f =>
        fs.existsSync(path.join(dir, f)),
      );
      if (existing.length > 0 && !opts.force) {
        throw new CommanderError(
          EXIT.error,
          'steward.exists',
          `${existing.join(' and ')} already exist${
            existing.length === 1 ? 's' : ''
          } in ${dir}; pass --force to overwrite`,
        );
      }
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
        io.stdout.write(
          `wrote ${path.relative(io.cwd, path.join(dir, name)) || name}\n`,
        );
      }
      if (Object.keys(answers.links).length < 4) {
        io.stdout.write(
          'some links were left out: `steward validate` lists them until they are added\n',
        );
      }
    });

  return program;
}

/** fetch reports "fetch failed" and keeps why in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Runs the program, resolving to the exit code. */
export async function run(argv: string[], io: ProgramIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, c => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
      ) {
        return EXIT.ok;
      }
      if (error.code.startsWith('steward.')) {
        io.stderr.write(`error: ${error.message}\n`);
      }
      return EXIT.error;
    }
    io.stderr.write(`error: ${describeError(error)}\n`);
    return EXIT.error;
  }
  return code;
}

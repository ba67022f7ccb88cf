// Reliability suite: security. Runs the backends' security tests on SQLite
// and PostgreSQL (ingest refused without a service token and, when loopback
// ingest is allowed, from any other address; every write refused without a
// token, from the wrong kind of caller or without the permission; SQL and
// LIKE metacharacters, long values and lists in query parameters harmless,
// tables intact), the script-link check of the docs links, and reports each
// check. The XSS check in Chromium runs in e2e/portal.e2e.mts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, runJest } from '../lib/runJest.mts';

const jest = runJest({
  patterns: [
    'src/security.test',
    'docs/links.test',
    'components/Ownership.test',
  ],
});

const rows = jest.tests.map(
  t =>
    `| ${t.file.replace(/^plugins\//, '')} | ${t.name} | ${
      t.status === 'passed' ? 'pass' : t.status
    } |`,
);
const markdown = [
  '## Security',
  '',
  'Checks run against started backends on SQLite and PostgreSQL (load average ' +
    `${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}). Writes refused (401 without a token, 403 from the wrong ` +
    'kind of caller, 403 with a deny-all permission policy): service-graph ' +
    '`POST /v1/traces`; slo `POST /v1/deploys`; ownership ' +
    '`POST /v1/alerts/alertmanager`, `POST /v1/routing/decisions/:id/acknowledge`, ' +
    '`POST /v1/routing/decisions/:id/actioned`, `POST /v1/postmortems`, ' +
    '`PUT /v1/postmortems/:id`, `DELETE /v1/postmortems/:id`. The XSS check ' +
    '(payloads in entity title, description, links, annotations, group names, ' +
    'span names and attributes, in Chromium) is `xss payloads in catalog and ' +
    'spans rendered inert` in `e2e/portal.e2e.mts`.',
  '',
  '| file | check | result |',
  '| --- | --- | --- |',
  ...rows,
  '',
  `${jest.passed} passed, ${jest.failed} failed in ${(
    jest.wallMs / 1000
  ).toFixed(0)} s.`,
  '',
].join('\n');

const result = {
  suite: 'security',
  passed: jest.passed,
  failed: jest.failed + (jest.tests.length === 0 ? 1 : 0),
  figures: { checks: jest.tests.length, loadAverage: loadavg() },
  markdown,
};
mkdirSync(join(ROOT, 'reliability/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'reliability/results/security.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(markdown);
process.exit(result.failed > 0 ? 1 : 0);

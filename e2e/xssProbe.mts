// An XSS probe for the end-to-end test: catalog entities and a trace whose
// titles, descriptions, links, annotations, group names, span names and
// attributes carry script payloads. Each payload, if it ever ran, would
// raise a dialog and count up `window.__stewardXss`; rendered inert, it
// shows as its own text.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const RUN = "window.__stewardXss=(window.__stewardXss||0)+1;alert('xss')";

/** A payload per field, each with a label so the test can find its text. */
export function payload(label: string): string {
  return `${label}<img src=x onerror="${RUN}"><script>${RUN}</script>`;
}

export const XSS_COMPONENT = 'xss-probe';
export const XSS_GROUP = 'xss-team';

/**
 * Writes the probe's catalog file (JSON is YAML) into `dir` and returns its
 * path, for the portal's catalog locations.
 */
export async function writeXssCatalog(dir: string): Promise<string> {
  const file = join(dir, 'xss-catalog.yaml');
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: XSS_GROUP,
        title: payload('group-title'),
        description: payload('group-description'),
      },
      spec: {
        type: 'team',
        profile: { displayName: payload('group-name') },
        children: [],
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: XSS_COMPONENT,
        title: payload('entity-title'),
        description: payload('entity-description'),
        annotations: {
          'steward.dev/last-reviewed': payload('annotation'),
          'steward.dev/tier': payload('tier'),
        },
        links: [
          {
            url: `javascript:${RUN}`,
            title: payload('script-link'),
            type: 'runbook',
          },
          {
            url: 'https://example.com/"><script>alert(1)</script>',
            title: payload('link-title'),
            type: 'dashboard',
          },
        ],
      },
      spec: { type: 'service', lifecycle: 'production', owner: XSS_GROUP },
    },
  ];
  await writeFile(file, entities.map(e => JSON.stringify(e)).join('\n---\n'));
  return file;
}

/**
 * One erring trace of the probe service, exported by the stock OTel SDK;
 * returns its id once the exporter has delivered it.
 */
export async function sendXssTrace(baseUrl: string): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': XSS_COMPONENT }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: `${baseUrl}/api/service-graph/v1/traces`,
        }),
      }),
    ],
  });
  const tracer = provider.getTracer('steward-e2e-xss');
  const root = tracer.startSpan(payload('span-name'), {
    kind: SpanKind.SERVER,
    attributes: {
      'http.route': payload('attribute'),
      [payload('attribute-key')]: 'value',
    },
  });
  const traceId = root.spanContext().traceId;
  const child = tracer.startSpan(
    payload('child-span'),
    { kind: SpanKind.INTERNAL },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('exception', {
    'exception.message': payload('exception'),
  });
  child.setStatus({ code: SpanStatusCode.ERROR, message: payload('status') });
  child.end();
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

/**
 * Watches a page for the payloads running: a dialog or the window flag.
 * `executed()` is the number of runs seen so far.
 */
export function watchForXss(page: Page) {
  let dialogs = 0;
  page.on('dialog', dialog => {
    dialogs += 1;
    dialog.dismiss().catch(() => undefined);
  });
  return {
    async executed(): Promise<number> {
      const flag = await page.evaluate(
        () =>
          (window as unknown as { __stewardXss?: number }).__stewardXss ?? 0,
      );
      return dialogs + flag;
    },
  };
}

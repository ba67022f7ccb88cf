import { defaultAlertWindows } from '../math/alertWindows';
import {
  GrafanaPanel,
  generateGrafanaDashboard,
  grafanaDashboardUid,
} from './grafanaDashboard';
import { generatePrometheusRules } from './prometheusRules';
import { availability30d, latency28d } from './testUtils';

const SLOS = [availability30d(), latency28d()];

const dashboard = generateGrafanaDashboard({
  service: 'checkout',
  slos: SLOS.map(s => s.slo),
});

/** Every name the generated rule files record. */
const recorded = new Set(
  SLOS.flatMap(({ slo, sli }) =>
    generatePrometheusRules({ slo, sli }).groups.flatMap(g =>
      g.rules.flatMap(r => ('record' in r ? [r.record] : [])),
    ),
  ),
);

function allPanels(panels: GrafanaPanel[]): GrafanaPanel[] {
  return panels.flatMap(p => [p, ...allPanels(p.panels ?? [])]);
}

describe('generateGrafanaDashboard', () => {
  it('is a schema 39 dashboard with a Prometheus data source variable', () => {
    expect(dashboard).toMatchObject({
      uid: 'steward-slo-checkout',
      title: 'checkout SLOs',
      schemaVersion: 39,
      templating: {
        list: [{ name: 'datasource', type: 'datasource', query: 'prometheus' }],
      },
    });
    const queried = allPanels(dashboard.panels).filter(p => p.targets);
    expect(queried.length).toBeGreaterThan(0);
    for (const panel of queried) {
      expect(panel.datasource).toEqual({
        type: 'prometheus',
        uid: '${datasource}',
      });
      panel.targets!.forEach(t =>
        expect(t.datasource).toEqual(panel.datasource),
      );
    }
  });

  it('gives every panel a unique id', () => {
    const ids = allPanels(dashboard.panels).map(p => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has one row per SLO with the four panels', () => {
    const types = dashboard.panels.map(p => p.type);
    expect(types).toEqual([
      'row',
      'timeseries',
      'stat',
      'timeseries',
      'alertlist',
      'row',
      'timeseries',
      'stat',
      'timeseries',
      'alertlist',
    ]);
    expect(dashboard.panels[0].title).toBe(
      'Checkout availability: 99.9% over 30d',
    );
    expect(dashboard.panels[5].title).toBe('checkout-latency: 99% over 28d');
  });

  it('does not overlap panels on the grid', () => {
    const cells = new Set<string>();
    for (const { gridPos } of dashboard.panels) {
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('queries only recording rules that the rule files define', () => {
    const targets = allPanels(dashboard.panels).flatMap(p => p.targets ?? []);
    expect(targets.length).toBeGreaterThan(10);
    for (const target of targets) {
      const names = [...target.expr.matchAll(/\bslo:[A-Za-z0-9_:]+/g)].map(
        m => m[0],
      );
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect({
          expr: target.expr,
          name,
          defined: recorded.has(name),
        }).toEqual({ expr: target.expr, name, defined: true });
      }
      // Each target picks out its own SLO's series.
      expect(target.expr).toMatch(
        /sloth_id="checkout-checkout-(availability|latency)"/,
      );
    }
    const refIds = (p: GrafanaPanel) => p.targets?.map(t => t.refId) ?? [];
    for (const panel of dashboard.panels) {
      expect(new Set(refIds(panel)).size).toBe(refIds(panel).length);
    }
  });

  it('draws the alert factors as burn-rate thresholds', () => {
    const burn = (index: number) =>
      dashboard.panels[index].fieldConfig?.defaults.thresholds as {
        steps: Array<{ color: string; value: number | null }>;
      };
    expect(burn(3).steps).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 1 },
      { color: 'orange', value: 3 },
      { color: 'red', value: 6 },
      { color: 'red', value: 14.4 },
    ]);
    expect(burn(8).steps.map(s => s.value)).toEqual([
      null,
      0.933333333333,
      2.8,
      5.6,
      13.44,
    ]);
    expect(dashboard.panels[3].targets?.map(t => t.legendFormat)).toEqual([
      '5m',
      '1h',
      '6h',
      '1d',
      '3d',
    ]);
  });

  it('colours the budget by the error budget policy', () => {
    const { slo } = availability30d();
    const custom = generateGrafanaDashboard({
      service: 'checkout',
      slos: [
        {
          ...slo,
          budgetPolicy: { warnAt: 0.25, freezeAt: 0.75 },
          alertWindows: defaultAlertWindows(slo.periodMs).slice(0, 1),
        },
      ],
    });
    expect(custom.panels[2].fieldConfig?.defaults.thresholds).toEqual({
      mode: 'absolute',
      steps: [
        { color: 'red', value: null },
        { color: 'yellow', value: 0.25 },
        { color: 'green', value: 0.75 },
      ],
    });
    expect(custom.panels[4].options?.alertInstanceLabelFilter).toBe(
      '{sloth_id="checkout-checkout-availability"}',
    );
  });

  it('makes a stable, valid uid of any service name', () => {
    expect(grafanaDashboardUid('payments/eu')).toBe('steward-slo-payments-eu');
    const long = grafanaDashboardUid(
      'a-very-long-service-name-that-goes-on-and-on',
    );
    expect(long).toHaveLength(40);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(long).toBe(
      grafanaDashboardUid('a-very-long-service-name-that-goes-on-and-on'),
    );
    expect(long).not.toBe(
      grafanaDashboardUid('a-very-long-service-name-that-goes-on-and-off'),
    );
  });
});

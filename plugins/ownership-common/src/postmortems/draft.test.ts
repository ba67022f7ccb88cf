import { postmortemDraftFromAlert, RoutedAlertContext } from './draft';
import { validatePostmortem } from './schema';

const T0 = Date.UTC(2026, 2, 25, 14, 3);

const routed: RoutedAlertContext = {
  id: 42,
  alertName: 'CheckoutErrors',
  startsAtMs: T0,
  receivedAtMs: T0 + 20_000,
  acknowledgedAtMs: T0 + 180_000,
  summary: 'checkout errors above 5%',
  entityRef: 'component:default/payment',
  ownerRef: 'group:default/payments',
  culpritService: 'payment',
  traceId: 'ab'.repeat(16),
  tracePath: ['checkout/PlaceOrder', 'payment/Charge'],
  runbookUrl: 'https://runbooks.example.com/payment',
  generatorUrl: 'http://prometheus:9090/graph?g0.expr=up',
  sloRef: 'slo:default/checkout-availability',
};

describe('postmortemDraftFromAlert', () => {
  it.each<[string, Partial<RoutedAlertContext>, Record<string, unknown>]>([
    [
      'everything the alert knows',
      {},
      {
        title: 'CheckoutErrors at payment',
        firstSymptom: {
          description: 'checkout errors above 5%',
          links: [
            'https://runbooks.example.com/payment',
            'http://prometheus:9090/graph?g0.expr=up',
          ],
        },
        contributingServices: ['component:default/payment'],
        sloRefs: ['slo:default/checkout-availability'],
        alertIds: ['42'],
        detectedAt: '2026-03-25T14:03:00.000Z',
        acknowledgedAt: '2026-03-25T14:06:00.000Z',
        timeline: [
          { at: '2026-03-25T14:03:00.000Z', event: 'CheckoutErrors fired' },
          {
            at: '2026-03-25T14:03:20.000Z',
            event: `Routed to group:default/payments by walking trace ${'ab'.repeat(
              16,
            )}: checkout/PlaceOrder → payment/Charge`,
          },
          { at: '2026-03-25T14:06:00.000Z', event: 'Alert acknowledged' },
        ],
      },
    ],
    [
      'no trace, no ack, no SLO, a link that is not http(s)',
      {
        traceId: undefined,
        tracePath: [],
        acknowledgedAtMs: undefined,
        sloRef: undefined,
        summary: undefined,
        generatorUrl: 'ftp://prometheus/graph',
      },
      {
        firstSymptom: {
          description: 'CheckoutErrors fired at payment',
          links: ['https://runbooks.example.com/payment'],
        },
        sloRefs: [],
        timeline: [
          { at: '2026-03-25T14:03:00.000Z', event: 'CheckoutErrors fired' },
          {
            at: '2026-03-25T14:03:20.000Z',
            event: 'Routed to group:default/payments',
          },
        ],
      },
    ],
  ])('%s', (_, change, expected) => {
    const draft = postmortemDraftFromAlert({ ...routed, ...change });
    expect(draft).toMatchObject(expected);
  });

  it('leaves acknowledgedAt out when nobody acknowledged', () => {
    const draft = postmortemDraftFromAlert({
      ...routed,
      acknowledgedAtMs: undefined,
    });
    expect(draft).not.toHaveProperty('acknowledgedAt');
  });

  it('becomes a valid postmortem once the author adds what only they know', () => {
    const result = validatePostmortem({
      ...postmortemDraftFromAlert(routed),
      severity: 'features-broken',
      usersImpacted: 'many',
    });
    expect(result.ok).toBe(true);
  });

  it('is refused without severity and impact, naming them', () => {
    const result = validatePostmortem(postmortemDraftFromAlert(routed));
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'severity', message: 'is required' },
        { path: 'usersImpacted', message: 'is required' },
      ],
    });
  });
});

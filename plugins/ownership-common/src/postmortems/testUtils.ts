/** A document as YAML would parse it, to break in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** The demo's payment outage, written the way an author would. */
export function paymentOutage(): Doc {
  return {
    title: 'Card payments failed after a certificate expired',
    firstSymptom: {
      description: 'PlaceOrder error rate jumped to 40%',
      links: ['https://grafana.example.com/d/checkout?from=1774446000000'],
    },
    severity: 'features-broken',
    usersImpacted: 'many',
    timeline: [
      {
        at: '2026-03-25T14:00:00Z',
        event: 'Payment provider certificate expired',
      },
      {
        at: '2026-03-25T14:03:00Z',
        event: 'Fast-burn alert fired; walk pointed at payment',
      },
      { at: '2026-03-25T15:55:00+01:00', event: 'Certificate renewed' },
    ],
    contributingServices: ['payment', 'component:default/checkout'],
    causes: ['expired-certificate'],
    actionItems: [
      {
        description: 'Alert 30 days before certificates expire',
        owner: 'mei-lin-chen',
        due: '2026-04-15',
        status: 'open',
      },
    ],
    sloRefs: ['checkout-availability'],
    budgetConsumed: 0.35,
    alertIds: ['a-123'],
    detectedAt: '2026-03-25T14:03:00Z',
    acknowledgedAt: '2026-03-25T14:06:00Z',
    resolvedAt: '2026-03-25T15:58:00+01:00',
  };
}

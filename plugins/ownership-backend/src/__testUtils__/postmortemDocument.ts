/** A postmortem document with every required section, for pay-api. */
export const postmortemDocument = {
  title: 'Payment errors',
  firstSymptom: { description: 'declines', links: [] },
  severity: 'features-broken',
  usersImpacted: 'few',
  timeline: [{ at: '2026-11-01T10:00:00Z', event: 'Declines rise' }],
  contributingServices: ['component:default/pay-api'],
  actionItems: [],
  sloRefs: [],
};

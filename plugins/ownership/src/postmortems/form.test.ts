import { decision, storedPostmortem } from '../__testUtils__/testApp';
import {
  documentOf,
  errorAt,
  fieldsFromDecision,
  fieldsOf,
  parseFieldErrors,
} from './form';

describe('postmortem form fields', () => {
  it('round-trips a document through the fields', () => {
    expect(documentOf(fieldsOf(storedPostmortem.document))).toEqual({
      ...storedPostmortem.document,
      acknowledgedAt: undefined,
      alertIds: undefined,
    });
  });

  it('splits lists by commas and lines and leaves unmade choices out', () => {
    const doc = documentOf({
      ...fieldsOf({}),
      links: 'https://a.example\n\n https://b.example ',
      services: 'checkout, payment,',
    });
    expect(doc.firstSymptom.links).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(doc.contributingServices).toEqual(['checkout', 'payment']);
    expect(doc.severity).toBeUndefined();
    expect(doc.usersImpacted).toBeUndefined();
    expect(doc.detectedAt).toBeUndefined();
  });

  it('prefills from a routed alert', () => {
    const fields = fieldsFromDecision(decision);
    expect(fields.title).toBe('CheckoutErrors at payment');
    expect(fields.services).toBe('component:default/checkout');
    expect(fields.timeline[0]).toEqual({
      at: '2026-11-21T09:58:00.000Z',
      event: 'CheckoutErrors fired',
    });
    expect(fields.detectedAt).toBe('2026-11-21T09:58:00.000Z');
    expect(fields.alertIds).toEqual(['7']);
    expect(fields.severity).toBe('');
  });
});

describe('parseFieldErrors', () => {
  const message =
    'Invalid postmortem: document.title must not be empty; document.timeline[1].at must be an ISO 8601 date-time with an offset, like 2026-03-25T14:05:00Z; document.contributingServices[0] must be a component name or ref, like checkout or component:default/checkout; document.severity is required';

  it.each([
    ['title', false, 'must not be empty'],
    [
      'timeline[1].at',
      false,
      'must be an ISO 8601 date-time with an offset, like 2026-03-25T14:05:00Z',
    ],
    ['timeline[0].at', false, undefined],
    ['severity', false, 'is required'],
    ['contributingServices', false, undefined],
    [
      'contributingServices',
      true,
      'contributingServices[0]: must be a component name or ref, like checkout or component:default/checkout',
    ],
    ['firstSymptom.links', true, undefined],
  ])('%s (items %s)', (path, items, expected) => {
    expect(errorAt(parseFieldErrors(message), path, { items })).toBe(expected);
  });

  it('keeps every problem for the summary', () => {
    expect(parseFieldErrors(message).all).toHaveLength(4);
  });

  it('keeps a message that names no field as it is', () => {
    const errors = parseFieldErrors('Request failed with 403 Forbidden');
    expect(errors.all).toEqual(['Request failed with 403 Forbidden']);
    expect(errors.byPath.size).toBe(0);
  });
});

import { Entity } from '@backstage/catalog-model';
import { catalogModelIssue, validateCatalogEntity } from './catalogModel';

function component(edit: (e: any) => void = () => {}): Entity {
  const entity: any = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
  };
  edit(entity);
  return entity;
}

describe('validateCatalogEntity', () => {
  it.each<[string, Entity, unknown]>([
    ['a valid Component', component(), undefined],
    [
      'an annotation that is not a string',
      component(e => {
        e.metadata.annotations = { 'steward.dev/tier': 1 };
      }),
      {
        path: ['metadata', 'annotations', 'steward.dev/tier'],
        message: 'must be a string',
      },
    ],
    [
      'a missing spec.type',
      component(e => delete e.spec.type),
      { path: ['spec', 'type'], message: 'is required' },
    ],
    [
      'a name with a space',
      component(e => {
        e.metadata.name = 'Payments API';
      }),
      {
        path: ['metadata', 'name'],
        message:
          'is not valid; expected a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total but found "Payments API".',
      },
    ],
    [
      'a field the envelope does not have',
      component(e => {
        e.extra = 1;
      }),
      { path: ['extra'], message: 'is not a known field' },
    ],
    [
      'a kind no validator claims',
      component(e => (e.kind = 'Servce')),
      { unknownKind: true },
    ],
  ])('reports %s', async (_, entity, expected) => {
    expect(await validateCatalogEntity(entity)).toEqual(expected);
  });
});

describe('catalogModelIssue', () => {
  it.each<[string, unknown]>([
    [
      '/spec/owner must be string - type: string',
      { path: ['spec', 'owner'], message: 'must be a string' },
    ],
    [
      "/spec must have required property 'lifecycle' - missingProperty: lifecycle",
      { path: ['spec', 'lifecycle'], message: 'is required' },
    ],
    [
      '/spec must NOT have additional properties - additionalProperty: ownr',
      { path: ['spec', 'ownr'], message: 'is not a known field' },
    ],
    [
      "<root> must have required property 'kind'",
      { path: ['kind'], message: 'is required' },
    ],
    [
      'Unknown field status2',
      { path: ['status2'], message: 'is not a known field' },
    ],
    [
      'metadata.name must have a value',
      { path: ['metadata', 'name'], message: 'must have a value' },
    ],
  ])('reads %s', (message, expected) => {
    expect(catalogModelIssue(new Error(message))).toEqual(expected);
  });
});

import { RotationHealthReport, rotationHealth } from './rotationHealth';
import { rotation } from './testUtils';

const user = (name: string) => `user:default/${name}`;
const services = (...names: string[]) =>
  names.map(name => `component:default/${name}`);

const storefront = {
  ref: 'group:default/storefront',
  oncall: {
    rotations: [
      rotation({
        members: ['priya-raman', 'marcus-oyelaran', 'hannah-whitfield'].map(
          user,
        ),
      }),
    ],
  },
  services: services('frontend', 'cart', 'product-catalog', 'ad'),
};
const fulfilment = {
  ref: 'group:default/fulfilment',
  oncall: { rotations: [rotation({ members: [user('aisha-bello')] })] },
  services: services('shipping', 'quote', 'email'),
};
// Fatima is in both platform's and SRE's rotations: she carries both.
const platform = {
  ref: 'group:default/platform',
  oncall: {
    rotations: [
      rotation({ members: [user('sofia-marchetti'), user('fatima-haddad')] }),
    ],
  },
  services: services('currency', 'catalog-db'),
};
const sre = {
  ref: 'group:default/sre',
  oncall: {
    rotations: [
      rotation({
        name: 'tooling',
        members: [user('fatima-haddad'), user('noah-lindqvist')],
      }),
    ],
  },
  services: services('collector', 'steward', 'grafana'),
};
const checkout = {
  ref: 'group:default/checkout-team',
  services: services('checkout', 'payment'),
};

describe('rotationHealth', () => {
  it.each<[string, Parameters<typeof rotationHealth>[0], RotationHealthReport]>(
    [
      [
        'a healthy three-person rotation',
        { groups: [storefront] },
        {
          rotations: [
            {
              group: 'group:default/storefront',
              rotation: 'primary',
              people: storefront.oncall.rotations[0].members,
              services: storefront.services,
              servicesPerPerson: {
                [user('priya-raman')]: 4,
                [user('marcus-oyelaran')]: 4,
                [user('hannah-whitfield')]: 4,
              },
              flags: [],
            },
          ],
          groupsWithoutRotation: [],
        },
      ],
      [
        'one person alone, and a team with no rotation at all',
        { groups: [fulfilment, checkout] },
        {
          rotations: [
            {
              group: 'group:default/fulfilment',
              rotation: 'primary',
              people: [user('aisha-bello')],
              services: fulfilment.services,
              servicesPerPerson: { [user('aisha-bello')]: 3 },
              flags: [
                {
                  rule: 'single-person',
                  message:
                    'user:default/aisha-bello is the only person in rotation primary: add at least one more member',
                },
              ],
            },
          ],
          groupsWithoutRotation: ['group:default/checkout-team'],
        },
      ],
      [
        "someone in two rotations carries both teams' services",
        { groups: [platform, sre], maxServicesPerPerson: 4 },
        {
          rotations: [
            {
              group: 'group:default/platform',
              rotation: 'primary',
              people: [user('sofia-marchetti'), user('fatima-haddad')],
              services: platform.services,
              servicesPerPerson: {
                [user('sofia-marchetti')]: 2,
                [user('fatima-haddad')]: 5,
              },
              flags: [
                {
                  rule: 'too-many-services',
                  message:
                    'user:default/fatima-haddad covers more than 4 services: add members or split the rotation',
                  users: [user('fatima-haddad')],
                },
              ],
            },
            {
              group: 'group:default/sre',
              rotation: 'tooling',
              people: [user('fatima-haddad'), user('noah-lindqvist')],
              services: sre.services,
              servicesPerPerson: {
                [user('fatima-haddad')]: 5,
                [user('noah-lindqvist')]: 3,
              },
              flags: [
                {
                  rule: 'too-many-services',
                  message:
                    'user:default/fatima-haddad covers more than 4 services: add members or split the rotation',
                  users: [user('fatima-haddad')],
                },
              ],
            },
          ],
          groupsWithoutRotation: [],
        },
      ],
      [
        'a member listed twice counts once',
        {
          groups: [
            {
              ...fulfilment,
              oncall: {
                rotations: [
                  rotation({
                    members: [user('aisha-bello'), user('aisha-bello')],
                  }),
                ],
              },
            },
          ],
        },
        expect.objectContaining({
          rotations: [
            expect.objectContaining({
              people: [user('aisha-bello')],
              flags: [expect.objectContaining({ rule: 'single-person' })],
            }),
          ],
        }),
      ],
      [
        'a group that owns nothing needs no rotation',
        { groups: [{ ref: 'group:default/engineering', services: [] }] },
        { rotations: [], groupsWithoutRotation: [] },
      ],
    ],
  )('%s', (_, input, expected) => {
    expect(rotationHealth(input)).toEqual(expected);
  });
});

import { Rotation } from './schema';

/** @public */
export const DEFAULT_MAX_SERVICES_PER_PERSON = 8;

/** @public */
export type RotationFlag =
  | { rule: 'single-person'; message: string }
  | { rule: 'too-many-services'; message: string; users: string[] };

/** @public */
export type RotationHealth = {
  group: string;
  rotation: string;
  /** Distinct people in the rotation. */
  people: string[];
  /** Services its pager covers: the owning group's. */
  services: string[];
  /**
   * For each person, how many distinct services they cover across every
   * rotation they are in: someone in two teams' rotations carries both.
   */
  servicesPerPerson: Record<string, number>;
  flags: RotationFlag[];
};

/** @public */
export type RotationHealthReport = {
  rotations: RotationHealth[];
  /** Groups that own services but have no rotation: nobody gets paged. */
  groupsWithoutRotation: string[];
};

/**
 * Checks every rotation for the two ways on-call breaks people: one person
 * holding the pager alone (no one to hand off to, no one when they are
 * ill), and more services per person than anyone can know well enough to
 * debug at 3am.
 *
 * @public
 */
export function rotationHealth(options: {
  groups: ReadonlyArray<{
    ref: string;
    /**
     * Its rotations: only names and members count, so rotations read from
     * PagerDuty or Opsgenie schedules fit as well as `spec.oncall`'s.
     */
    oncall?: { rotations: ReadonlyArray<Pick<Rotation, 'name' | 'members'>> };
    /** Refs of the services (Components) the group owns. */
    services: readonly string[];
  }>;
  maxServicesPerPerson?: number;
}): RotationHealthReport {
  const max = options.maxServicesPerPerson ?? DEFAULT_MAX_SERVICES_PER_PERSON;

  const servicesByPerson = new Map<string, Set<string>>();
  for (const group of options.groups) {
    for (const rotation of group.oncall?.rotations ?? []) {
      for (const member of rotation.members) {
        const covered = servicesByPerson.get(member) ?? new Set<string>();
        group.services.forEach(service => covered.add(service));
        servicesByPerson.set(member, covered);
      }
    }
  }

  const rotations = options.groups.flatMap(group =>
    (group.oncall?.rotations ?? []).map(rotation => {
      const people = [...new Set(rotation.members)];
      const servicesPerPerson = Object.fromEntries(
        people.map(person => [person, servicesByPerson.get(person)!.size]),
      );
      const flags: RotationFlag[] = [];
      if (people.length === 1) {
        flags.push({
          rule: 'single-person',
          message: `${people[0]} is the only person in rotation ${rotation.name}: add at least one more member`,
        });
      }
      const overloaded = people.filter(
        person => servicesPerPerson[person] > max,
      );
      if (overloaded.length > 0) {
        flags.push({
          rule: 'too-many-services',
          message: `${overloaded.join(', ')} cover${
            overloaded.length === 1 ? 's' : ''
          } more than ${max} services: add members or split the rotation`,
          users: overloaded,
        });
      }
      return {
        group: group.ref,
        rotation: rotation.name,
        people,
        services: [...group.services],
        servicesPerPerson,
        flags,
      };
    }),
  );

  return {
    rotations,
    groupsWithoutRotation: options.groups
      .filter(g => g.services.length > 0 && !g.oncall?.rotations.length)
      .map(g => g.ref),
  };
}

import { Knex } from 'knex';
import { readPostmortems } from '../database/operations/readPostmortems';
import { ServiceDirectory } from '../routing/ServiceDirectory';
import { PostmortemResource } from './postmortemRules';

/**
 * Loads postmortems by resource ref (their id) for the permission
 * framework, with the owning Group's members from the catalog.
 */
export function postmortemResources(options: {
  knex: Knex;
  directory: ServiceDirectory;
}): (resourceRefs: string[]) => Promise<Array<PostmortemResource | undefined>> {
  return async resourceRefs => {
    const ids = resourceRefs.map(Number).filter(Number.isSafeInteger);
    const found = await readPostmortems(options.knex, { ids });
    return Promise.all(
      resourceRefs.map(async ref => {
        const postmortem = found.find(p => String(p.id) === ref);
        if (!postmortem) {
          return undefined;
        }
        const group = await options.directory.group(postmortem.ownerRef);
        return {
          id: postmortem.id,
          ownerRef: postmortem.ownerRef,
          memberRefs: (group?.relations ?? [])
            .filter(r => r.type === 'hasMember')
            .map(r => r.targetRef),
        };
      }),
    );
  };
}

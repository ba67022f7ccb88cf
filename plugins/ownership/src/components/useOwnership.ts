import {
  Entity,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  reviewAgeDays,
  TIER_ANNOTATION,
} from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';

/**
 * A Component's ownership: its owning Group (looked up in the catalog, so
 * a dangling owner shows), the Group's members, tier, links, and the docs
 * audit as the ownership backend scores it with the organisation's policy,
 * the same score as the docs health card's.
 */
export function useOwnership(entity: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const ownershipApi = useApi(ownershipApiRef);
  return useAsync(async () => {
    const ownerRef = entity.relations?.find(
      r => r.type === RELATION_OWNED_BY,
    )?.targetRef;
    const [owner, audit] = await Promise.all([
      ownerRef ? catalogApi.getEntityByRef(ownerRef) : undefined,
      ownershipApi.getDocsAudit({ entityRef: stringifyEntityRef(entity) }),
    ]);
    const members =
      owner?.relations
        ?.filter(r => r.type === RELATION_HAS_MEMBER)
        .map(r => r.targetRef) ?? [];
    return {
      ownerRef,
      owner,
      members,
      tier: entity.metadata.annotations?.[TIER_ANNOTATION],
      links: entity.metadata.links ?? [],
      audit,
      reviewAgeDays: reviewAgeDays(entity, Date.now()),
    };
  }, [catalogApi, ownershipApi, entity]);
}

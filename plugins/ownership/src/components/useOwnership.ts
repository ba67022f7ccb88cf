import {
  Entity,
  RELATION_HAS_MEMBER,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  auditDocs,
  reviewAgeDays,
  TIER_ANNOTATION,
} from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * What the catalog says about a Component's ownership: its owning Group
 * (looked up, so a dangling owner shows), the Group's members, tier, and
 * the docs audit of its catalog-info.yaml.
 */
export function useOwnership(entity: Entity) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const ownerRef = entity.relations?.find(
      r => r.type === RELATION_OWNED_BY,
    )?.targetRef;
    const owner = ownerRef
      ? await catalogApi.getEntityByRef(ownerRef)
      : undefined;
    const members =
      owner?.relations
        ?.filter(r => r.type === RELATION_HAS_MEMBER)
        .map(r => r.targetRef) ?? [];
    const now = Date.now();
    const audit = auditDocs({
      entity,
      now,
      policy: {
        groupRefs: new Set(owner ? [stringifyEntityRef(owner)] : []),
      },
    });
    return {
      ownerRef,
      owner,
      members,
      tier: entity.metadata.annotations?.[TIER_ANNOTATION],
      links: entity.metadata.links ?? [],
      audit,
      reviewAgeDays: reviewAgeDays(entity, now),
    };
  }, [catalogApi, entity]);
}

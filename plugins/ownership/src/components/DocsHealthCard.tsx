import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { reviewAgeDays } from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { AsyncInfoCard } from './AsyncInfoCard';
import { DocsScore } from './DocsScore';
import { Field } from './Field';

function reviewText(days: number | undefined) {
  if (days === undefined) return 'never reviewed';
  if (days === 0) return 'today';
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/**
 * Overview card: the docs audit as the ownership backend scores it now
 * (`GET /v1/docs/audit`, with the organisation's configured policy), and
 * the way to the Ownership tab, which lists the findings.
 */
export function DocsHealthCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(ownershipApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const state = useAsync(
    () => api.getDocsAudit({ entityRef }),
    [api, entityRef],
  );
  const errors = (state.value?.findings ?? []).filter(
    f => f.severity === 'error',
  ).length;
  return (
    <AsyncInfoCard
      title="Docs health"
      state={state}
      deepLink={
        entityRoute && {
          title: 'Findings in the Ownership tab',
          link: `${entityRoute(entityRouteParams(entity))}/ownership`,
        }
      }
    >
      {audit => (
        <dl style={{ margin: 0 }} aria-label="Docs health figures">
          <Field term="Docs audit score">
            <DocsScore audit={audit} />
          </Field>
          <Field term="Findings">
            {audit.findings.length === 0
              ? 'none'
              : `${audit.findings.length} (${errors} ${
                  errors === 1 ? 'error' : 'errors'
                })`}
          </Field>
          <Field term="Last review">
            {reviewText(reviewAgeDays(entity, Date.now()))}
          </Field>
        </dl>
      )}
    </AsyncInfoCard>
  );
}

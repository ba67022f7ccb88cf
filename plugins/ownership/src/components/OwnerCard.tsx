import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { DocsScore } from './DocsScore';
import { useOwnership } from './useOwnership';

/** Overview card: owner, tier, docs health and the last routed on-call. */
export function OwnerCard() {
  const { entity } = useEntity();
  const ownership = useOwnership(entity);
  const api = useApi(ownershipApiRef);
  const decisions = useAsync(
    () =>
      api.listRoutingDecisions({
        entityRef: stringifyEntityRef(entity),
        limit: 1,
      }),
    [api, entity],
  );
  const latest = decisions.value?.items[0];
  return (
    <InfoCard title="Owner and on-call">
      {ownership.loading && <Progress />}
      {ownership.error && <ResponseErrorPanel error={ownership.error} />}
      {ownership.value && (
        <dl style={{ margin: 0 }}>
          <Typography component="dt" variant="caption" color="text.secondary">
            Owner
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {ownership.value.ownerRef ? (
              <EntityRefLink entityRef={ownership.value.ownerRef} />
            ) : (
              'none'
            )}
          </Typography>
          <Typography component="dt" variant="caption" color="text.secondary">
            Tier
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {ownership.value.tier ?? 'not set'}
          </Typography>
          <Typography component="dt" variant="caption" color="text.secondary">
            Docs health
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            <DocsScore audit={ownership.value.audit} />
          </Typography>
          <Typography component="dt" variant="caption" color="text.secondary">
            On call at the last routed alert
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {decisions.error && 'unavailable: ownership backend did not answer'}
            {!decisions.error &&
              !decisions.loading &&
              (latest?.oncall?.current ??
                'no alert routed to this service yet')}
          </Typography>
        </dl>
      )}
    </InfoCard>
  );
}

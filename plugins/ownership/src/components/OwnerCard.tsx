import { InfoCard, Progress } from '@backstage/core-components';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@mui/material/Typography';
import { TIER_ANNOTATION } from '@steward/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../apis';
import { Field } from './Field';
import { formatUtc } from './format';
import { People } from './People';

function OnCallNow(props: { entityRef: string }) {
  const api = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => api.getOnCall({ entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography component="span" color="error" role="alert">
        unavailable: {error.message}
      </Typography>
    );
  }
  if (!value || value.schedules.length === 0) {
    return <>the owning team has no rotation</>;
  }
  return (
    <ul aria-label="On call now" style={{ margin: 0, paddingLeft: 16 }}>
      {value.schedules.map(s => (
        <li key={s.scheduleId ?? s.schedule}>
          {s.schedule}: <People people={s.current} />
          {s.currentUntilMs !== undefined &&
            ` until ${formatUtc(s.currentUntilMs)}`}
        </li>
      ))}
    </ul>
  );
}

/**
 * Overview card: the owning team, the tier, and who holds each of the
 * team's rotations now (`GET /v1/oncall`), which is who an alert would page.
 */
export function OwnerCard() {
  const { entity } = useEntity();
  const ownerRef = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  return (
    <InfoCard title="Owner and on-call">
      <dl style={{ margin: 0 }}>
        <Field term="Owner">
          {ownerRef ? <EntityRefLink entityRef={ownerRef} /> : 'none'}
        </Field>
        <Field term="Tier">
          {entity.metadata.annotations?.[TIER_ANNOTATION] ?? 'not set'}
        </Field>
        <Field term="On call now">
          <OnCallNow entityRef={stringifyEntityRef(entity)} />
        </Field>
      </dl>
    </InfoCard>
  );
}

import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../apis';
import { GateChip } from './GateChip';
import { SloDetail } from './SloDetail';

/** The SLOs tab of a Component: the release gate, then every SLO in full. */
export function SloContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(sloApiRef);
  // One request for the whole tab: the gate and every SLO in full.
  const { value, loading, error } = useAsync(
    () => api.getEntitySlos(entityRef),
    [api, entityRef],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.slos.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No SLOs for this service"
        description="Add an OpenSLO v1 SLO document naming this Component in spec.service beside its catalog-info.yaml."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          aria-label="Release gate"
          role="status"
        >
          <GateChip decision={value.gate.decision} />
          <Typography variant="body2">
            {value.gate.reasons.length > 0
              ? value.gate.reasons.join('; ')
              : 'Every SLO has budget left.'}
          </Typography>
        </Stack>
      </Grid>
      {value.slos.map(s => (
        <Grid item xs={12} key={s.sloRef}>
          <InfoCard title={s.title} subheader={s.sloRef}>
            <SloDetail slo={s} />
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}

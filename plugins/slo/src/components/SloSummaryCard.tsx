import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../apis';
import { formatPercent } from '../format';
import { DataTable } from './DataTable';
import { GateChip } from './GateChip';

/** Overview card: the release gate and each SLO's SLI and budget. */
export function SloSummaryCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(sloApiRef);
  const { value, loading, error } = useAsync(
    () => api.getGate(entityRef),
    [api, entityRef],
  );
  return (
    <InfoCard title="SLOs">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.slos.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No SLOs defined for this service.
        </Typography>
      )}
      {value && value.slos.length > 0 && (
        <>
          <GateChip decision={value.decision} />
          <DataTable
            label="SLO summary"
            columns={['SLO', 'budget remaining', 'gate']}
            empty=""
            rows={value.slos.map(s => ({
              key: s.sloRef,
              highlight: s.gate !== 'allow',
              cells: [s.title, formatPercent(s.budgetRemaining, 1), s.gate],
            }))}
          />
        </>
      )}
    </InfoCard>
  );
}

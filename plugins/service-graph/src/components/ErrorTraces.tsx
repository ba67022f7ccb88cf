import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { serviceGraphApiRef } from '../apis';
import type { GraphEdge } from '../graph/model';

/** Recent erroring traces through an edge's callee. */
export function ErrorTraces(props: {
  edge: GraphEdge;
  fromMs: number;
  onOpen: (traceId: string) => void;
}) {
  const api = useApi(serviceGraphApiRef);
  const { edge, fromMs } = props;
  const { value, loading, error } = useAsync(
    () =>
      api.searchErrorTraces({ service: edge.target, from: fromMs, limit: 20 }),
    // The range start moves on every render; a new edge is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, edge.target],
  );
  return (
    <InfoCard title={`Error traces through ${edge.target}`} subheader={edge.id}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.traceIds.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No erroring traces through {edge.target} in the time range.
        </Typography>
      )}
      {value && value.traceIds.length > 0 && (
        <Stack
          direction="row"
          flexWrap="wrap"
          gap={1}
          aria-label="Error traces"
        >
          {value.traceIds.map(id => (
            <Button
              key={id}
              size="small"
              variant="outlined"
              color="error"
              onClick={() => props.onOpen(id)}
              sx={{ fontFamily: 'monospace', textTransform: 'none' }}
            >
              {id}
            </Button>
          ))}
        </Stack>
      )}
    </InfoCard>
  );
}

import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { TraceSpan } from '@steward/plugin-service-graph-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { serviceGraphApiRef } from '../apis';
import { formatMs } from '../components/format';
import { spanTree } from './spanTree';

function SpanDetails(props: { span: TraceSpan }) {
  const { span } = props;
  return (
    <Box aria-label={`Details of span ${span.name}`} component="section">
      <Typography variant="subtitle1" component="h4">
        {span.service}: {span.name}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        span {span.spanId} · {formatMs(span.durationMs)}
        {span.error &&
          ` · error${span.statusMessage ? `: ${span.statusMessage}` : ''}`}
      </Typography>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        Attributes
      </Typography>
      <Box component="dl" sx={{ m: 0, fontFamily: 'monospace', fontSize: 12 }}>
        {Object.entries(span.attributes).map(([k, v]) => (
          <div key={k}>
            <dt style={{ display: 'inline', fontWeight: 600 }}>{k}</dt>
            {' = '}
            <dd style={{ display: 'inline', margin: 0 }}>{String(v)}</dd>
          </div>
        ))}
      </Box>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        Events
      </Typography>
      {span.events.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No events.
        </Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 16, fontSize: 12 }}>
          {span.events.map((e, i) => (
            <li key={`${e.name}-${i}`}>
              +{formatMs(e.timeUnixMs - span.startUnixMs)}{' '}
              <strong>{e.name}</strong>{' '}
              {Object.entries(e.attributes)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(' ')}
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

/** One trace as a span tree with timing bars; erroring spans are marked. */
export function TraceView(props: { traceId: string }) {
  const api = useApi(serviceGraphApiRef);
  const theme = useTheme();
  const {
    value: trace,
    loading,
    error,
  } = useAsync(() => api.getTrace(props.traceId), [api, props.traceId]);
  const rows = useMemo(() => (trace ? spanTree(trace) : []), [trace]);
  const [selected, setSelected] = useState<string>();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!trace || rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={`Trace ${props.traceId} is not stored`}
        description="Error traces are kept for a limited time; this one has expired or was never received."
      />
    );
  }
  const start = Math.min(...trace.spans.map(s => s.startUnixMs));
  const end = Math.max(...trace.spans.map(s => s.startUnixMs + s.durationMs));
  const total = Math.max(end - start, 1e-3);
  const current =
    trace.spans.find(s => s.spanId === selected) ??
    // Open on the deepest erroring span: where the failure started.
    [...rows].reverse().find(r => r.span.error)?.span ??
    rows[0].span;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={7}>
        <Typography variant="subtitle2">
          Trace {trace.traceId} · {trace.spans.length} spans · {formatMs(total)}
        </Typography>
        <List dense aria-label={`Spans of trace ${trace.traceId}`}>
          {rows.map(({ span, depth }) => (
            <ListItemButton
              key={span.spanId}
              selected={span.spanId === current.spanId}
              onClick={() => setSelected(span.spanId)}
              aria-label={`${span.service} ${span.name}, ${formatMs(
                span.durationMs,
              )}${span.error ? ', error' : ''}`}
              sx={{ pl: 1 + depth * 2, display: 'block' }}
            >
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                {span.error && (
                  <Chip size="small" color="error" label="error" />
                )}
                <Typography variant="body2" noWrap>
                  <strong>{span.service}</strong> {span.name}
                </Typography>
                <Typography
                  variant="caption"
                  color="text.secondary"
                  sx={{ ml: 'auto' }}
                >
                  {formatMs(span.durationMs)}
                </Typography>
              </Box>
              <Box sx={{ position: 'relative', height: 4, mt: 0.5 }}>
                <Box
                  sx={{
                    position: 'absolute',
                    left: `${((span.startUnixMs - start) / total) * 100}%`,
                    width: `${Math.max((span.durationMs / total) * 100, 0.5)}%`,
                    height: 4,
                    borderRadius: 1,
                    background: span.error
                      ? theme.palette.error.main
                      : theme.palette.primary.main,
                  }}
                />
              </Box>
            </ListItemButton>
          ))}
        </List>
      </Grid>
      <Grid item xs={12} md={5}>
        <SpanDetails span={current} />
      </Grid>
    </Grid>
  );
}

import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { EdgeStatus, GraphEdge } from '../graph/model';
import { formatMs, formatRate } from './format';

const STATUS: Record<
  EdgeStatus,
  { label: string; color: 'default' | 'success' | 'warning' | 'error' }
> = {
  observed: { label: 'observed', color: 'default' },
  confirmed: { label: 'declared and observed', color: 'success' },
  undeclared: { label: 'observed, not declared', color: 'warning' },
  missing: { label: 'declared, not observed', color: 'error' },
};

/** The edges touching the focused service: the graph's accessible twin. */
export function EdgeTable(props: {
  edges: GraphEdge[];
  selectedEdgeId?: string;
  onSelect: (edge: GraphEdge) => void;
  onTraces: (edge: GraphEdge) => void;
}) {
  if (props.edges.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No calls to or from this service in the time range.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Dependencies of this service">
      <TableHead>
        <TableRow>
          <TableCell>caller</TableCell>
          <TableCell>callee</TableCell>
          <TableCell>catalog</TableCell>
          <TableCell align="right">calls</TableCell>
          <TableCell align="right">errors</TableCell>
          <TableCell align="right">p50</TableCell>
          <TableCell align="right">p99</TableCell>
          <TableCell>traces</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.edges.map(e => {
          const link = e.link;
          const status = STATUS[e.status];
          return (
            <TableRow
              key={e.id}
              hover
              selected={e.id === props.selectedEdgeId}
              onClick={() => props.onSelect(e)}
              data-edge={e.id}
            >
              <TableCell>{e.source}</TableCell>
              <TableCell>{e.target}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  color={status.color}
                  label={status.label}
                />
              </TableCell>
              <TableCell align="right">
                {link ? link.callCount.toLocaleString('en-US') : '–'}
              </TableCell>
              <TableCell align="right">
                {link
                  ? `${link.errorCount.toLocaleString('en-US')} (${formatRate(
                      link.errorCount,
                      link.callCount,
                    )})`
                  : '–'}
              </TableCell>
              <TableCell align="right">
                {formatMs(link?.latencyMs.p50)}
              </TableCell>
              <TableCell align="right">
                {formatMs(link?.latencyMs.p99)}
              </TableCell>
              <TableCell>
                {link && (
                  <Button
                    size="small"
                    onClick={ev => {
                      ev.stopPropagation();
                      props.onTraces(e);
                    }}
                    aria-label={`Error traces of ${e.id}`}
                  >
                    Error traces
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** A small labelled table; says so when there are no rows. */
export function DataTable(props: {
  label: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[]; highlight?: boolean }>;
  empty: string;
}) {
  if (props.rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {props.empty}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(c => (
            <TableCell key={c}>{c}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(r => (
          <TableRow key={r.key} selected={r.highlight}>
            {r.cells.map((c, i) => (
              <TableCell key={props.columns[i]}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import Chip from '@mui/material/Chip';
import type { DocsAudit } from '@steward/plugin-ownership-common';

/** The docs audit score, coloured by how much is missing. */
export function DocsScore(props: { audit: DocsAudit }) {
  const { score, findings } = props.audit;
  let color: 'success' | 'warning' | 'error' = 'success';
  if (findings.some(f => f.severity === 'error')) color = 'error';
  else if (findings.length > 0) color = 'warning';
  return (
    <Chip
      size="small"
      color={color}
      label={`${score}/100`}
      aria-label={`Docs score ${score} of 100, ${findings.length} findings`}
    />
  );
}

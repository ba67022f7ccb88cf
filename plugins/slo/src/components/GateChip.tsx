import Chip from '@mui/material/Chip';
import type { GateDecision } from '@steward/plugin-slo-common';

const COLORS: Record<GateDecision, 'success' | 'warning' | 'error'> = {
  allow: 'success',
  warn: 'warning',
  freeze: 'error',
};

const LABELS: Record<GateDecision, string> = {
  allow: 'Releases allowed',
  warn: 'Releases: warn',
  freeze: 'Releases frozen',
};

export function GateChip(props: { decision: GateDecision; size?: 'small' }) {
  return (
    <Chip
      size={props.size}
      color={COLORS[props.decision]}
      label={LABELS[props.decision]}
      aria-label={`Release gate: ${props.decision}`}
    />
  );
}

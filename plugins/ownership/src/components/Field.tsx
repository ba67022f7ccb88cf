import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** One term and its value in a card's definition list (`<dl>`). */
export function Field(props: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="caption" color="text.secondary">
        {props.term}
      </Typography>
      <Typography component="dd" sx={{ m: 0, mb: 1 }}>
        {props.children}
      </Typography>
    </>
  );
}

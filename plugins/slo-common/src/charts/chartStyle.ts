/**
 * The colours a chart takes from the app's theme; a Material UI palette
 * has this shape.
 *
 * @public
 */
export type ChartPalette = {
  divider: string;
  text: { primary: string; secondary: string };
  background: { paper: string };
};

/**
 * Props for a recharts chart's margin, grid, axes and tooltip, so that
 * Steward's charts (the SLO burn-down, the org overview) look alike and
 * follow the app's light or dark theme. Plain values, no React: spread them
 * onto `CartesianGrid`, `XAxis`, `YAxis` and `Tooltip`.
 *
 * @public
 */
export function chartStyle(palette: ChartPalette) {
  return {
    margin: { top: 8, right: 16, left: 0, bottom: 0 },
    grid: { stroke: palette.divider, strokeDasharray: '3 3' },
    axis: { stroke: palette.text.secondary, fontSize: 12 },
    tooltip: {
      contentStyle: {
        background: palette.background.paper,
        color: palette.text.primary,
      },
    },
  };
}

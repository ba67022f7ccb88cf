import { ChartPalette, chartStyle } from './chartStyle';

const light: ChartPalette = {
  divider: 'rgba(0, 0, 0, 0.12)',
  text: { primary: '#000', secondary: '#666' },
  background: { paper: '#fff' },
};
const dark: ChartPalette = {
  divider: 'rgba(255, 255, 255, 0.12)',
  text: { primary: '#fff', secondary: '#aaa' },
  background: { paper: '#424242' },
};

describe('chartStyle', () => {
  it.each([
    ['light', light, 'rgba(0, 0, 0, 0.12)', '#666', '#fff', '#000'],
    ['dark', dark, 'rgba(255, 255, 255, 0.12)', '#aaa', '#424242', '#fff'],
  ])(
    'takes the %s theme: grid, axes and tooltip',
    (_, palette, grid, axis, paper, text) => {
      const style = chartStyle(palette);
      expect(style.grid).toEqual({ stroke: grid, strokeDasharray: '3 3' });
      expect(style.axis).toEqual({ stroke: axis, fontSize: 12 });
      expect(style.tooltip.contentStyle).toEqual({
        background: paper,
        color: text,
      });
    },
  );
});

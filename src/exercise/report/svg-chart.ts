import { BarChart, CustomChart, LineChart, LinesChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  LinesChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  SVGRenderer,
]);

/** An ECharts option, as `setOption` takes it. */
export type ChartOption = echarts.EChartsCoreOption;

/** The report's typeface and colours: one palette for the nations' bars and lines throughout. */
export const FONT = 'system-ui, sans-serif';
export const PALETTE = ['#1f4e79', '#c0504d', '#4f8a3c', '#8064a2', '#d08a1a', '#2c9c9c'];

/**
 * An ECharts chart rendered on the server to an SVG string (no DOM, no script): what the report
 * embeds, so it reads with scripts off and no network.
 * @example renderSvg({ xAxis: { type: 'category', data: ['a'] }, yAxis: {}, series: [{ type: 'bar', data: [1] }] }, 400, 300)
 */
export function renderSvg(option: ChartOption, widthPx: number, heightPx: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Registers a GeoJSON map under `name` for geo components (idempotent per name and content). */
export function registerMap(name: string, geoJson: object): void {
  echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
}

import * as echarts from 'echarts';

/**
 * One chart drawn as an SVG document by ECharts' server-side renderer: the same option the page
 * draws with ECharts, without a DOM. Text is escaped by ECharts; the page runs no script of it.
 */
export function chartSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

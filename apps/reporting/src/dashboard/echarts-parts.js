// The parts of Apache ECharts the dashboard draws with, bundled by
// apps/reporting/scripts/echarts-bundle.ts into page/generated/echarts.js: the page's global
// `echarts`, without the chart types, components and renderer it does not use.
import { use } from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendScrollComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendScrollComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export { getInstanceByDom, init } from 'echarts/core';

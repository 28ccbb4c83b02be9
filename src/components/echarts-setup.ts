import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the panels use (echarts/core tree-shakes the rest); loaded lazily by <EChart>, so the wall's
// first paint (map, KPIs, lists) does not wait for the chart library.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

export { echarts };

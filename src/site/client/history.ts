/** The history page in the browser: one chart per pin, redrawn when its metric is changed. */
import type { HistoryData, HistoryGroup } from '../data.js';
import { draw, historyChart, type HistoryPointDatum } from './charts.js';
import { readData } from './dom.js';

function datums(group: HistoryGroup, metric: string): { points: HistoryPointDatum[]; anchor: HistoryPointDatum | undefined } {
  const points: HistoryPointDatum[] = [];
  group.points.forEach((p, i) => {
    const value = p.metrics[metric];
    if (value === undefined) return;
    points.push({ index: i + 1, label: `${i + 1} · ${(p.at ?? '').slice(0, 10)}`, id: p.id, value, at: p.at ?? '', anchor: group.anchor?.index === i });
  });
  return { points, anchor: points.find((p) => p.anchor) };
}

export function installHistory(): void {
  const data = readData<HistoryData>('pg-history');
  if (!data) return;
  data.groups.forEach((group, index) => {
    const figure = document.querySelector(`figure[data-chart="history"][data-group="${index}"]`);
    const select = document.querySelector<HTMLSelectElement>(`select.history-metric[data-group="${index}"]`);
    if (!figure) return;
    const show = (metric: string | null): void => {
      if (metric === null) return;
      const { points, anchor } = datums(group, metric);
      figure.setAttribute('data-points', String(points.length));
      const name = figure.querySelector('.metric-name');
      const unit = figure.querySelector('.metric-unit');
      if (name) name.textContent = metric;
      if (unit) unit.textContent = data.units[metric] ?? '';
      draw(figure, () => historyChart(figure, points, metric, data.units[metric] ?? '', anchor));
    };
    show(select?.value ?? group.default_metric);
    select?.addEventListener('change', () => show(select.value));
  });
}

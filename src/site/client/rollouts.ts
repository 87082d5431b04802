/** The rollouts page in the browser: each rollout's challenger share over time. */
import type { RolloutsData } from '../data.js';
import { allocationChart, draw } from './charts.js';
import { readData } from './dom.js';

export function installRollouts(): void {
  const data = readData<RolloutsData>('pg-rollouts');
  if (!data) return;
  data.rollouts.forEach((rollout, index) => {
    const figure = document.querySelector(`figure[data-chart="rollout"][data-index="${index}"]`);
    if (!figure || rollout.timeline.length === 0) return;
    const rows = rollout.timeline.map((t) => ({ at: new Date(t.at), share: Math.round(t.challenger * 10000) / 100, decision: t.decision }));
    draw(figure, () => allocationChart(figure, rows));
  });
}

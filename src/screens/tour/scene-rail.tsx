import type { ReactNode } from 'react';
import type { KpiId, PanelId } from '../../contract/tour';

/**
 * The scene's panels beside the map (at most three, from the wall's panel registry), with the KPIs it names singled
 * out: the KPI panel marks its cells with `data-kpi`, and the rail's `data-focus-kpis` lets CSS light them up.
 */
export function SceneRail({
  panels,
  kpis,
  render,
}: {
  panels: readonly PanelId[];
  kpis: readonly KpiId[];
  render: (id: PanelId) => ReactNode;
}) {
  if (panels.length === 0) return null;
  return (
    <aside className="tour-rail" data-focus-kpis={kpis.join(' ')} data-panels={panels.join(' ')}>
      {panels.map((id) => (
        <div key={id} className="tour-rail__slot" data-slot={id}>
          {render(id)}
        </div>
      ))}
    </aside>
  );
}

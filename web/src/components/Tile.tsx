import { useId } from 'react';

export interface TileProps {
  /** A stable name for tests and for the trend's label. */
  metric: string;
  label: string;
  value: string;
  detail?: string;
  trend?: { text: string; direction: 'up' | 'down' | 'flat'; good: boolean | null; against: string } | null;
}

/** One number of the dashboard with what it is measured against and how it moved. */
export function Tile({ metric, label, value, detail, trend }: TileProps) {
  const id = useId();
  const arrow = trend ? { up: '▲', down: '▼', flat: '■' }[trend.direction] : '';
  const tone = trend?.good === null || !trend ? '' : trend.good ? 'good' : 'bad';
  return (
    <section className="tile" aria-labelledby={id} data-metric={metric}>
      <h3 id={id}>{label}</h3>
      <p className="tile-value" data-testid={`tile-${metric}`}>
        {value}
      </p>
      {detail && <p className="tile-detail">{detail}</p>}
      {trend && (
        <p className={`tile-trend ${tone}`}>
          <span aria-hidden="true">{arrow} </span>
          {trend.text} <span className="muted">vs {trend.against}</span>
        </p>
      )}
    </section>
  );
}

export function Tiles({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <section className="tiles" aria-label={label}>
      {children}
    </section>
  );
}

import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useId, useRef } from 'react';

/**
 * An ECharts chart, with an accessible name and the same numbers as text: screen readers
 * (and the browser tests) read the summary, not the drawing.
 */
export function Chart({
  option,
  label,
  summary,
  height = 280,
}: {
  option: EChartsCoreOption;
  label: string;
  summary: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const summaryId = useId();
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    void import('./echarts.ts').then(({ echarts }) => {
      if (disposed) return;
      const chart = echarts.init(element, undefined, { renderer: 'svg' });
      chart.setOption({ animation: false, ...option });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option]);
  return (
    <figure className="chart">
      <div ref={ref} role="img" aria-label={label} aria-describedby={summaryId} style={{ height }} />
      <figcaption id={summaryId} className="chart-summary">
        {summary}
      </figcaption>
    </figure>
  );
}

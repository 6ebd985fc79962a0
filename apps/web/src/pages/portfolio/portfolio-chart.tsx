import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

export interface ChartBar {
  readonly group: string;
  readonly series: string;
  readonly pounds: number;
}

/**
 * Grouped horizontal bars, drawn as SVG by Observable Plot. The chart is a picture of the table
 * beside it, so it is hidden from screen readers, which read the table instead.
 */
export function GroupedBarChart({
  bars,
  series,
  colours,
}: {
  readonly bars: readonly ChartBar[];
  readonly series: readonly string[];
  readonly colours: readonly string[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const groups = [...new Set(bars.map((bar) => bar.group))];
    const chart = Plot.plot({
      width: Math.max(element.clientWidth, 320),
      height: groups.length * (series.length * 18 + 14) + 40,
      marginLeft: 200,
      marginRight: 40,
      x: {
        grid: true,
        label: null,
        tickFormat: (value: number) =>
          value >= 1_000_000
            ? `£${value / 1_000_000}m`
            : value >= 1000
              ? `£${value / 1000}k`
              : `£${value}`,
      },
      y: { axis: null, domain: [...series] },
      fy: { domain: groups, label: null, axis: 'left', padding: 0.2 },
      color: { domain: [...series], range: [...colours] },
      marks: [
        Plot.barX(bars, { x: 'pounds', y: 'series', fy: 'group', fill: 'series' }),
        Plot.ruleX([0]),
      ],
    });
    // Plot styles its SVG with a <style> element and style attributes, which the app's Content
    // Security Policy (style-src 'self') refuses; styles.css gives the chart the same look.
    for (const style of chart.querySelectorAll('style')) style.remove();
    for (const styled of [chart, ...chart.querySelectorAll('[style]')])
      styled.removeAttribute('style');
    chart.setAttribute('aria-hidden', 'true');
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [bars, series, colours]);
  return <div className="app-chart" ref={box} />;
}

/**
 * The goodput chart as a standalone SVG, written by hand (no charting dependency): applied
 * writes per second against time for each retry mode, with the rate limit R drawn and, since
 * every event costs one read besides its write, the write ceiling R/2.
 */

/** One line of the chart. */
export type ChartSeries = { readonly label: string; readonly color: string; readonly dash?: string; readonly points: readonly { atSeconds: number; writesPerSecond: number }[] };

const WIDTH = 760;
const HEIGHT = 380;
const MARGIN = { top: 48, right: 24, bottom: 64, left: 64 };

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A "nice" tick step (1, 2 or 5 × a power of ten) giving about `count` ticks up to `max`. */
function tickStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

/** Renders the chart; `title` and `subtitle` go on top, the legend under the x axis. */
export function goodputChartSvg(options: { title: string; subtitle: string; rateLimit: number; series: readonly ChartSeries[] }): string {
  const { rateLimit, series } = options;
  const maxX = Math.max(10, ...series.flatMap((s) => s.points.map((p) => p.atSeconds)));
  const maxY = Math.max(rateLimit * 1.15, ...series.flatMap((s) => s.points.map((p) => p.writesPerSecond * 1.1)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (s: number): number => MARGIN.left + (s / maxX) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - (v / maxY) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${MARGIN.left}" y="20" font-size="15" font-weight="600" fill="#1f2328">${escapeXml(options.title)}</text>`);
  parts.push(`<text x="${MARGIN.left}" y="37" fill="#57606a">${escapeXml(options.subtitle)}</text>`);

  const yStep = tickStep(maxY, 6);
  for (let v = 0; v <= maxY; v += yStep) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${fixed(y(v) + 4)}" text-anchor="end" fill="#57606a">${v}</text>`);
  }
  const xStep = tickStep(maxX, 10);
  for (let s = 0; s <= maxX; s += xStep) {
    parts.push(`<line x1="${fixed(x(s))}" x2="${fixed(x(s))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#57606a"/>`);
    parts.push(`<text x="${fixed(x(s))}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#57606a">${s}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#57606a"/>`);
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#57606a"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 30}" text-anchor="middle" fill="#1f2328">seconds since the first Wickr call</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328">applied writes per second</text>`);

  // The limit covers every call; with one read per write, writes can reach at most half of it.
  const limitLines = [
    { value: rateLimit, label: `R = ${rateLimit} req/s (all Wickr calls)`, dash: '6 4' },
    { value: rateLimit / 2, label: `R/2: write ceiling at 1 read per write`, dash: '2 4' },
  ];
  for (const line of limitLines) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(line.value))}" y2="${fixed(y(line.value))}" stroke="#cf222e" stroke-width="1.5" stroke-dasharray="${line.dash}"/>`,
    );
    parts.push(`<text x="${WIDTH - MARGIN.right - 4}" y="${fixed(y(line.value) - 6)}" text-anchor="end" fill="#cf222e">${escapeXml(line.label)}</text>`);
  }

  for (const s of series) {
    if (!s.points.length) continue;
    const path = [`M${fixed(x(0))},${fixed(y(0))}`, ...s.points.map((p) => `L${fixed(x(p.atSeconds))},${fixed(y(p.writesPerSecond))}`)].join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} stroke-linejoin="round"/>`);
  }

  let legendX = MARGIN.left;
  for (const s of series) {
    parts.push(`<line x1="${legendX}" x2="${legendX + 22}" y1="${HEIGHT - 10}" y2="${HEIGHT - 10}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${legendX + 28}" y="${HEIGHT - 6}" fill="#1f2328">${escapeXml(s.label)}</text>`);
    legendX += 36 + s.label.length * 6.4;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

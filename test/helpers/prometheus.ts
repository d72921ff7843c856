/**
 * Reading a Prometheus text scrape in tests: each sample line keyed by `name{labels}` exactly as
 * written, so an assertion names the series it means.
 */
export function parseScrape(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** The sample lines of one metric (or of every metric starting so), in the order they were written. */
export function linesOf(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metrics whose values are read when scraped (from the database, or from what the API computes)
 * instead of counted in this process: they survive restarts and agree with the tables. A read that
 * fails answers null and the metric shows no series for that scrape, rather than a wrong zero.
 */

export type Labels<L extends string> = Partial<Record<L, string>>;
export interface Sample<L extends string> {
  labels: Labels<L>;
  value: number;
}
type Read<T> = () => Promise<T[] | null>;

interface Spec<L extends string> {
  registry: Registry;
  name: string;
  help: string;
  labelNames: L[];
}

export function readCounter<L extends string>(spec: Spec<L>, read: Read<Sample<L>>): Counter<L> {
  return new Counter<L>({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames,
    registers: [spec.registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const s of samples ?? []) this.inc(s.labels, s.value);
    },
  });
}

export function readGauge<L extends string>(spec: Spec<L>, read: Read<Sample<L>>): Gauge<L> {
  return new Gauge<L>({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames,
    registers: [spec.registry],
    async collect() {
      const samples = await read();
      this.reset();
      for (const s of samples ?? []) this.set(s.labels, s.value);
    },
  });
}

/** One label set's histogram as stored: how many fell in each bucket (not cumulative), and their sum. */
export interface HistogramRow<L extends string> {
  labels: Labels<L>;
  buckets: Map<number, number>;
  sum: number;
}

type Rendered<L extends string> = Awaited<ReturnType<Histogram<L>['get']>>;

/**
 * A histogram whose buckets were counted elsewhere (the database keeps them), rendered exactly as
 * prom-client renders its own: cumulative `_bucket{le}`, `+Inf`, `_sum`, `_count`.
 */
export class ReadHistogram<L extends string> extends Histogram<L> {
  constructor(
    private readonly spec: Spec<L>,
    private readonly read: Read<HistogramRow<L>>,
  ) {
    super({ name: spec.name, help: spec.help, labelNames: spec.labelNames, registers: [spec.registry] });
  }

  override async get(): Promise<Rendered<L>> {
    const rows = (await this.read()) ?? [];
    const values = rows.flatMap((row) => {
      const bounds = [...row.buckets.keys()].filter(Number.isFinite).sort((a, b) => a - b);
      const count = [...row.buckets.values()].reduce((a, b) => a + b, 0);
      let running = 0;
      const buckets = bounds.map((le) => ({
        labels: { ...row.labels, le },
        value: (running += row.buckets.get(le)!),
        metricName: `${this.spec.name}_bucket`,
      }));
      return [
        ...buckets,
        { labels: { ...row.labels, le: '+Inf' }, value: count, metricName: `${this.spec.name}_bucket` },
        { labels: row.labels, value: row.sum, metricName: `${this.spec.name}_sum` },
        { labels: row.labels, value: count, metricName: `${this.spec.name}_count` },
      ];
    });
    // prom-client's typings want an enum its runtime does not have (the type is the string it uses
    // itself) and no `le` among the labels, which its own histograms add the same way.
    return {
      name: this.spec.name,
      help: this.spec.help,
      type: 'histogram',
      values,
      aggregator: 'sum',
    } as unknown as Rendered<L>;
  }

  /** What the registry calls when rendering text (prom-client prefers it to get()). */
  getForPromString() {
    return this.get();
  }
}

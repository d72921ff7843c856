/**
 * What really happened at the simulated server, for tests to check against what the client believes:
 * every DM that went out, how many requests each route got, and whether two browser-driving requests
 * were ever inside the browser at the same time (the real server would have mixed them up).
 */

export interface SentDm {
  username: string;
  text: string;
  atMs: number;
  route: string;
}

export interface OverlapStats {
  inFlight: number;
  maxInFlight: number;
  /** Times a browser request started while another was still running. */
  overlaps: number;
}

export function createLedger() {
  let sends: SentDm[] = [];
  let requests: Record<string, number> = {};
  let apiKeys = new Set<string>();
  let overlap: OverlapStats = { inFlight: 0, maxInFlight: 0, overlaps: 0 };

  return {
    recordSend(dm: SentDm): void {
      sends.push(dm);
    },
    sends: (): SentDm[] => sends.map((s) => ({ ...s })),
    sentCount: (username: string, text: string): number =>
      sends.filter((s) => s.username === username && s.text === text).length,
    /** The real server ignores x-api-key; the simulator only notes which keys arrived. */
    countRequest(route: string, apiKey: string | undefined): void {
      requests[route] = (requests[route] ?? 0) + 1;
      if (apiKey) apiKeys.add(apiKey);
    },
    requests: (): Record<string, number> => ({ ...requests }),
    apiKeysSeen: (): string[] => [...apiKeys],
    enterBrowser(): void {
      if (overlap.inFlight > 0) overlap.overlaps++;
      overlap.inFlight++;
      overlap.maxInFlight = Math.max(overlap.maxInFlight, overlap.inFlight);
    },
    leaveBrowser(): void {
      overlap.inFlight--;
    },
    overlap: (): OverlapStats => ({ ...overlap }),
    /** Keeps inFlight: a request still inside the browser will leave it after the reset. */
    reset(): void {
      sends = [];
      requests = {};
      apiKeys = new Set();
      overlap = { inFlight: overlap.inFlight, maxInFlight: overlap.inFlight, overlaps: 0 };
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;

import type { ResultsRepository } from '../../adapters/db/results-repository';
import { effectivePacing, type Account, type OutreachDefaults } from '../../domain/outreach';
import { resultRows, type ResultGroup, type ResultRow } from '../../domain/outreach-results';

/**
 * GET /api/analytics/outreach: an account's DMs of a period, one row per group. A `day` is a day
 * in the account's zone (its own, else CRM_TIMEZONE), the zone its active hours are kept in, so a
 * day of results is the creator's day.
 */

export interface OutreachResultsDeps {
  results: ResultsRepository;
  replyWindowMs: number;
  defaults: OutreachDefaults;
}

export interface OutreachResultsRequest {
  groupBy: ResultGroup;
  since: string | null;
  until: string | null;
}

export interface OutreachResults {
  accountId: string;
  groupBy: ResultGroup;
  since: string | null;
  until: string | null;
  replyWindowMs: number;
  timeZone: string;
  rows: ResultRow[];
}

export async function outreachResults(
  deps: OutreachResultsDeps,
  account: Account,
  req: OutreachResultsRequest,
): Promise<OutreachResults> {
  const timeZone = effectivePacing(account, deps.defaults).timeZone;
  const counts = await deps.results.outreachResults({
    accountId: account.id,
    groupBy: req.groupBy,
    since: req.since,
    until: req.until,
    replyWindowMs: deps.replyWindowMs,
    timeZone,
  });
  return { accountId: account.id, ...req, replyWindowMs: deps.replyWindowMs, timeZone, rows: resultRows(counts) };
}

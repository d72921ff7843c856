import { apiClient, sleep, type Json } from './api-client';
import { SEND_ROUTE, type SoakWorld } from './world';

/**
 * What users do while the soak's chaos runs: register webhook receivers, bring their contacts in,
 * sync the inbox again and again, send direct DMs (each asked for twice), queue DMs, announce a
 * posted video, and opt people out while DMs to them still wait. Everything intended is noted,
 * so the checks can hold the simulator's ledger against it.
 */

export interface Intended {
  text: string;
  username: string;
  kind: 'direct' | 'queued';
}
export interface OptOut {
  username: string;
  atMs: number;
}
export interface Subscription {
  receiver: number;
  webhookId: string;
  events: string[];
  createdAtMs: number;
}

/** The fixture's "How I automate my content calendar" (topics: automation, productivity, content strategy). */
export const SOAK_VIDEO = '6f1d2a10-0000-4000-8000-000000000006';
const STOP_REPLIES = [
  'please stop messaging me',
  'no me escribas más, gracias',
  'bitte schreib mir nicht mehr',
  'arrête de m’écrire stp',
];
const FAULT_KINDS = [
  'server_error',
  'soft_failure',
  'send_then_timeout',
  'send_then_soft_failure',
  'timeout_then_send',
  'timeout_no_send',
  'malformed',
  'rate_limit',
  'session_missing',
] as const;

export function soakLoad(world: SoakWorld) {
  const api = apiClient(world);
  const plan = world.plan;
  const people = world.sim.control.threads().map((t) => ({ username: t.username, displayName: t.displayName }));
  const intended: Intended[] = [];
  const optOuts: OptOut[] = [];
  const subscriptions: Subscription[] = [];
  const syncIds: string[] = [];

  async function subscribe(): Promise<void> {
    const sets = [
      ['*'],
      ['message.sent', 'outreach.sent', 'outreach.failed', 'contact.merged', 'account.paused', 'account.resumed'],
    ];
    for (const [i, events] of sets.entries()) {
      const body: Json = await api.must(
        'POST',
        '/api/webhooks',
        { url: world.receivers[i]!.url, events },
        [201],
        'register a webhook',
      );
      world.receivers[i]!.setSecret(body.webhook.secret as string);
      subscriptions.push({
        receiver: i,
        webhookId: body.webhook.id as string,
        events,
        createdAtMs: Date.parse(body.webhook.created_at as string),
      });
    }
  }

  /** The user's contacts, as an import from their old CRM brings them: handle and name; the first few build what the video is about. */
  async function importContacts(): Promise<void> {
    const contacts = people.map((p, i) => ({
      username: p.username,
      display_name: p.displayName,
      ...(i < plan.builders
        ? { what_theyre_building: 'automation for my content calendar', tags: ['automation'] }
        : {}),
    }));
    const started: Json = await api.must('POST', '/api/contacts/import', { contacts }, [202], 'import contacts');
    await api.settled(started.workflowId as string, 120_000);
  }

  async function sync(): Promise<void> {
    const started: Json = await api.must('POST', '/api/conversations/sync', {}, [202], 'start a sync');
    syncIds.push(started.workflowId as string);
    await api.settled(started.workflowId as string, 240_000);
  }

  /** People who get DMs of their own: not the video's audience, so each person's DMs are known. */
  const targets = people.slice(plan.builders);

  async function directDms(): Promise<void> {
    for (const [i, p] of targets.slice(0, plan.directDms).entries()) {
      const text = `Soak direct DM ${i + 1} for ${p.username}: thanks for the chat!`;
      intended.push({ text, username: p.username, kind: 'direct' });
      for (let twice = 0; twice < 2; twice++) {
        await api.must(
          'POST',
          `/api/contacts/${p.username}/dm`,
          { text, idempotencyKey: `soak-direct-${i}` },
          [202],
          'a direct DM',
        );
      }
    }
  }

  async function queueDms(): Promise<string[]> {
    const chosen = targets.slice(plan.directDms, plan.directDms + plan.queued);
    const items = chosen.map((p, i) => ({
      username: p.username,
      text: `Soak queued DM ${i + 1} for ${p.username}: a question about your work`,
    }));
    for (const it of items) intended.push({ ...it, kind: 'queued' });
    await api.must('POST', '/api/outreach/queue', { items }, [201, 202], 'queue DMs');
    return chosen.map((p) => p.username);
  }

  /**
   * While their DMs wait (the last ones queued: the sender reaches them last): half by hand, half by
   * writing to us, in the languages the rule knows, which the next sync reads.
   */
  async function optOut(usernames: string[]): Promise<void> {
    const chosen = usernames.slice(-plan.optOuts);
    for (const [i, username] of chosen.entries()) {
      optOuts.push({ username, atMs: Date.now() });
      if (i % 2 === 0)
        await api.must('PATCH', `/api/contacts/${username}`, { opted_out: true }, [200], 'opt a contact out');
      else world.sim.control.addInbound(username, STOP_REPLIES[i % STOP_REPLIES.length]!);
    }
  }

  function faultsOn(on: boolean): void {
    world.sim.control.randomFaults(
      on
        ? {
            seed: 11,
            probability: plan.faultChance,
            kinds: [...FAULT_KINDS],
            routes: [SEND_ROUTE, '/api/messages', '/api/conversations/open', '/api/conversations/all'],
          }
        : null,
    );
  }

  return {
    api,
    intended,
    optOuts,
    subscriptions,
    syncIds,
    subscribe,
    importContacts,
    sync,
    directDms,
    queueDms,
    optOut,
    faultsOn,
    announce: () => api.announce(SOAK_VIDEO),
    sleep,
  };
}

export type SoakLoad = ReturnType<typeof soakLoad>;

import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  releaseTurnSignal,
  renewTurnSignal,
  requestTurnSignal,
  safariHostProgressQuery,
  turnGrantedSignal,
  turnWantedSignal,
  type Holder,
  type SafariHostInput,
  type SafariHostState,
} from '../contracts/safari-host';

/**
 * One Safari host, one driver. The Safari Automation server drives a single browser tab and does not
 * protect itself, so every browser-driving call to a host — a sync's listing and thread batches, a
 * DM — runs only while its workflow holds this host's turn. Being a workflow, the turn is shared by
 * every worker process, and survives any of them dying.
 *
 * Sends are granted before reads. A holder may keep the turn across several pieces of work (a sync's
 * batches); when someone else asks, the holder is told (`turnWanted`) and gives the turn back after
 * the piece it is doing, so a DM waits for at most one batch. A holder that neither renews nor
 * releases (terminated) loses the turn maxHoldMs after it last did. After a call that got no answer
 * the holder releases with `quietMs`: the server may still be busy, so nobody gets the turn until
 * that has passed.
 */

const DONE_KEPT = 200;

export async function safariHost(input: SafariHostInput): Promise<void> {
  const s: SafariHostState = input.carry ?? { holder: null, waiting: [], quietUntilMs: 0, done: [] };
  let changed = false;
  const known = (id: string) =>
    s.holder?.requestId === id || s.waiting.some((w) => w.requestId === id) || s.done.includes(id);
  const finish = (id: string) => {
    s.done = [...s.done.slice(-(DONE_KEPT - 1)), id];
  };

  setHandler(requestTurnSignal, (req) => {
    if (known(req.requestId)) return;
    s.waiting.push(req);
    changed = true;
  });
  setHandler(renewTurnSignal, ({ requestId }) => {
    if (s.holder?.requestId === requestId) s.holder.grantedAtMs = Date.now();
    changed = true;
  });
  setHandler(releaseTurnSignal, ({ requestId, quietMs }) => {
    if (s.holder?.requestId === requestId) {
      s.holder = null;
      s.quietUntilMs = Math.max(s.quietUntilMs, Date.now() + (quietMs ?? 0));
    }
    s.waiting = s.waiting.filter((w) => w.requestId !== requestId);
    if (!s.done.includes(requestId)) finish(requestId);
    changed = true;
  });
  setHandler(safariHostProgressQuery, () => ({
    hostKey: input.hostKey,
    holder: s.holder && {
      workflowId: s.holder.workflowId,
      priority: s.holder.priority,
      since: new Date(s.holder.grantedAtMs).toISOString(),
    },
    waiting: s.waiting.map((w) => ({ workflowId: w.workflowId, priority: w.priority })),
  }));

  for (;;) {
    if (!s.holder && s.waiting.length > 0 && Date.now() >= s.quietUntilMs) await grantNext(s, finish);
    else if (s.holder && !s.holder.told && s.waiting.length > 0) await tellHolder(s.holder);
    if (workflowInfo().historyLength > input.maxHistory || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof safariHost>({ ...input, carry: s });
    }
    changed = false;
    const deadline = s.holder
      ? s.holder.grantedAtMs + s.holder.maxHoldMs
      : s.waiting.length > 0
        ? s.quietUntilMs
        : null;
    const woke = await condition(() => changed, deadline === null ? undefined : Math.max(deadline - Date.now(), 1));
    if (!woke && s.holder && Date.now() >= s.holder.grantedAtMs + s.holder.maxHoldMs) {
      log.warn('Safari turn expired without a release; taking it back', { holder: s.holder.workflowId });
      finish(s.holder.requestId);
      s.holder = null;
    }
  }
}

/** Once per holder: someone waits, so a holder keeping the turn across pieces of work lets go. */
async function tellHolder(holder: Holder): Promise<void> {
  holder.told = true;
  await getExternalWorkflowHandle(holder.workflowId)
    .signal(turnWantedSignal, { requestId: holder.requestId })
    .catch((err: unknown) =>
      log.info('could not tell the Safari turn holder someone waits', {
        workflowId: holder.workflowId,
        error: String(err),
      }),
    );
}

/** Sends first, then first come first served; a requester that is gone is skipped. */
async function grantNext(s: SafariHostState, finish: (id: string) => void): Promise<void> {
  while (!s.holder && s.waiting.length > 0) {
    const index = Math.max(
      s.waiting.findIndex((w) => w.priority === 'send'),
      0,
    );
    const [next] = s.waiting.splice(index, 1);
    if (!next) return;
    // Held from before the grant leaves: a fast holder's release may arrive before the signal completes.
    s.holder = { ...next, grantedAtMs: Date.now() };
    try {
      await getExternalWorkflowHandle(next.workflowId).signal(turnGrantedSignal, { requestId: next.requestId });
    } catch (err) {
      log.info('Safari turn requester is gone; skipping it', { workflowId: next.workflowId, error: String(err) });
      if (s.holder?.requestId === next.requestId) s.holder = null;
      finish(next.requestId);
    }
  }
}

import { mergeContacts, type MergerPorts } from '../../adapters/db/contact-merger';
import type { IdentityRepository } from '../../adapters/db/identity-repository';
import type { CallOptions, SafariClient } from '../../adapters/safari/safari-client';
import { mergeKey } from '../../domain/identity-facts';
import { planIdentities, previewsOfNewRows, type IdentityPlan, type IdentityRow } from '../../domain/identity-plan';
import { displayKey } from '../../domain/inbox-identity';
import type { IdentityCounts } from '../../contracts/sync';

/**
 * The identity step of a listing (see src/domain/identity-plan.ts for the rules): with the Safari
 * server's thread registry (read with the listing), plan, look up the profiles that would settle
 * something (browser calls, inside the sync's Safari turn, at most `lookupBudget`), plan again with
 * their answers, then write the decisions: handles and thread ids learned, merges, suspected pairs.
 * Runs before the listing is stored, so a known person is recognised instead of created twice.
 */
export type IdentityPorts = MergerPorts & { identity: IdentityRepository };

export async function settleIdentities(
  deps: IdentityPorts,
  accountId: string,
  safari: SafariClient,
  rows: IdentityRow[],
  registry: Record<string, string>,
  lookupBudget: number,
  options: CallOptions & { namesAreHandles?: boolean },
): Promise<{ plan: IdentityPlan; counts: IdentityCounts }> {
  const { namesAreHandles = false } = options;
  let candidates = await candidatesFor(deps, accountId, rows, registry, [], namesAreHandles);
  const profiles = new Map<string, string | null>();
  let plan = planIdentities({ rows, candidates, registry, profiles, namesAreHandles });
  const answers = await lookUpProfiles(safari, plan.lookups.slice(0, lookupBudget), options);
  if (answers.length > 0) {
    for (const a of answers) profiles.set(a.handle, a.fullName);
    await deps.identity.rememberProfiles(accountId, answers);
    candidates = await candidatesFor(
      deps,
      accountId,
      rows,
      registry,
      answers.flatMap((a) => (a.fullName ? [a.fullName] : [])),
      namesAreHandles,
    );
    plan = planIdentities({ rows, candidates, registry, profiles, namesAreHandles });
  }
  const attached = await deps.identity.attach(accountId, plan.attach);
  const held = new Set<string>();
  for (const m of plan.merges) {
    const result = await mergeContacts(deps, accountId, { ...m, by: 'sync' });
    if (!result.merged) held.add(mergeKey(m.survivorId, m.absorbedId));
  }
  const merged = plan.merges.length - held.size;
  const suspects = await deps.identity.noteSuspects(accountId, plan.suspects);
  // A merge refused (a DM going out to one of them, or a thread that kept changing) is tried again
  // next sync; this listing is stored as if its evidence were not there, each row on its own contact.
  if (held.size > 0)
    plan = {
      ...planIdentities({ rows, candidates, registry, profiles, held, namesAreHandles }),
      attach: plan.attach,
      merges: plan.merges.filter((m) => !held.has(mergeKey(m.survivorId, m.absorbedId))),
    };
  return {
    plan,
    counts: {
      merged,
      attached,
      profileLookups: answers.length,
      deferred: plan.deferred.length,
      suspects,
      unsettled: plan.suspects.length,
    },
  };
}

/**
 * Contacts the rows name (thread id, handle, display name, and the registry's and `names`), then
 * the display-name contacts carrying the remembered full names of those, and, only for rows none
 * of them matches, contacts with the same last message: an inbox that matched asks once.
 */
async function candidatesFor(
  deps: Pick<IdentityPorts, 'identity'>,
  accountId: string,
  rows: IdentityRow[],
  registry: Record<string, string>,
  names: string[],
  namesAreHandles: boolean,
) {
  const known = await deps.identity.candidates(accountId, rows, registry, names, []);
  const shown = new Set(rows.map((r) => displayKey(r.name)));
  const profileNames = known.flatMap((c) =>
    c.username && c.profileName && !shown.has(displayKey(c.profileName)) ? [c.profileName] : [],
  );
  const previews = previewsOfNewRows(rows, known, namesAreHandles);
  if (previews.length === 0 && profileNames.length === 0) return known;
  const more = await deps.identity.candidates(accountId, [], {}, profileNames, previews);
  const ids = new Set(known.map((c) => c.id));
  return [...known, ...more.filter((c) => !ids.has(c.id))];
}

/**
 * The server's cache of thread ids by handle; a failure gives none. A server without the route
 * (404: ccf4331) is the version whose listings read real handles from the avatars' alt text: only
 * then is a handle-shaped name taken for a handle without more evidence.
 */
export async function readRegistry(
  safari: SafariClient,
  options: CallOptions,
): Promise<{ registry: Record<string, string>; namesAreHandles: boolean }> {
  const answer = await safari.threadRegistry(options);
  if (!answer.ok) return { registry: {}, namesAreHandles: answer.code === 'NOT_FOUND' && answer.httpStatus === 404 };
  return {
    registry: Object.fromEntries(Object.entries(answer.value).filter(([handle, id]) => handle && id)),
    namesAreHandles: false,
  };
}

interface ProfileAnswer {
  handle: string;
  found: boolean;
  fullName: string | null;
}

/**
 * One profile at a time (the host lock and gap pace them like reads). "No such profile" is an
 * answer worth remembering; any other failure ends the lookups for this sync, unremembered.
 */
async function lookUpProfiles(safari: SafariClient, handles: string[], options: CallOptions): Promise<ProfileAnswer[]> {
  const answers: ProfileAnswer[] = [];
  for (const handle of handles) {
    const answer = await safari.profile(handle, options);
    if (answer.ok) answers.push({ handle, found: true, fullName: answer.value.fullName?.trim() || null });
    else if (answer.code === 'NOT_FOUND' || /not found/i.test(answer.message))
      answers.push({ handle, found: false, fullName: null });
    else break;
  }
  return answers;
}

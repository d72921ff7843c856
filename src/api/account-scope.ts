import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Account } from '../domain/outreach';
import type { AppEnv } from './env';
import { ApiError, errorResponse } from './errors';

/**
 * Which account a request acts for: `?accountId=` (or an `accountId` in the body, where a route
 * takes one), else the default account from config. A malformed id is a 400 before any route runs;
 * routes that need the account's row check that it exists (404).
 */

export const ACCOUNT_ID = /^[a-z0-9_-]{1,40}$/;
export const AccountId = z
  .string()
  .regex(ACCOUNT_ID, 'must be 1–40 of a-z 0-9 _ -')
  .openapi({ description: 'Account id (default: the default account)', example: 'default' });
/** For routes without a query of their own: documents the parameter and validates it. */
export const AccountQuery = z.object({ accountId: AccountId.optional() });

export const accountScope = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.query('accountId');
  if (given !== undefined && !ACCOUNT_ID.test(given)) {
    return errorResponse(c, 'VALIDATION_FAILED', 'Invalid request query', [
      { path: 'accountId', message: 'must be 1–40 of a-z 0-9 _ -' },
    ]);
  }
  c.set('accountId', given ?? c.get('shared').config.accountId);
  return next();
});

/** The account's row, or a 404 naming it. */
export async function requireAccount(c: Context<AppEnv>, id: string = c.get('accountId')): Promise<Account> {
  const account = await c.get('shared').accounts.get(id);
  if (!account) throw new ApiError('NOT_FOUND', `No account ${id}`);
  return account;
}

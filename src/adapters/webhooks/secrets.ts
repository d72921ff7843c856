import { randomBytes } from 'node:crypto';

/** A new endpoint secret, Standard Webhooks style: `whsec_` and 24 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

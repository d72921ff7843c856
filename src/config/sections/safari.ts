import { z } from 'zod';
import { httpUrl, optionalString } from '../fields';

export const safariEnv = {
  SAFARI_API_URL: httpUrl().default('http://localhost:3100'),
  /** Sent on every call when set; the current Safari server ignores it (ARCHITECTURE.md asks for keys). */
  SAFARI_API_KEY: optionalString(),
};

export function buildSafari(e: z.infer<z.ZodObject<typeof safariEnv>>) {
  return { safari: { baseUrl: e.SAFARI_API_URL, apiKey: e.SAFARI_API_KEY } };
}

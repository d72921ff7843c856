import { SignJWT } from 'jose';

/**
 * API keys exactly like a Supabase project's legacy anon and service_role keys: HS256 JWTs whose
 * `role` claim PostgREST switches to. Long-lived, as Supabase's are.
 */
export interface SupabaseKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export async function makeSupabaseKeys(jwtSecret: string, issuedAtS = 1_700_000_000): Promise<SupabaseKeys> {
  const secret = new TextEncoder().encode(jwtSecret);
  const sign = (role: string) =>
    new SignJWT({ role, iss: 'supabase-local' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(issuedAtS)
      .setExpirationTime(issuedAtS + TEN_YEARS_S)
      .sign(secret);
  return { jwtSecret, anonKey: await sign('anon'), serviceRoleKey: await sign('service_role') };
}

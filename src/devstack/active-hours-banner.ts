import type { Config } from '../config';

const two = (h: number) => String(h).padStart(2, '0');

/**
 * npm start's "Active hours" line: when DMs may go out, and why. Under the simulator with no hours
 * set they are open at every hour (a demo that waits for 09:00 shows nothing); a real account keeps
 * 09:00–21:00 in its zone, which the line says so nobody mistakes the demo's for the default.
 */
export function activeHoursLine(pacing: Config['outreach']['pacing'], openForSimulator: boolean): string {
  const { activeStartHour: start, activeEndHour: end, timeZone } = pacing;
  const hours = start === 0 && end === 24 ? 'always' : `${two(start)}:00–${two(end)}:00 ${timeZone}`;
  if (openForSimulator)
    return `${hours}  (the simulator: no real account; with SAFARI_API_URL the default is 09:00–21:00, CRM_ACTIVE_HOURS_START/_END)`;
  return `${hours}  (CRM_ACTIVE_HOURS_START/_END, CRM_TIMEZONE; per account: PATCH /api/accounts/:id)`;
}

import { localDay, utcOffset, weekOf } from '../reports/local-time.ts';

const DAY_MS = 86_400_000;
/** The local hour on Monday from which the previous week's digest goes out. */
export const DIGEST_HOUR = 7;

/**
 * The week whose digest is due at `now` in `timeZone`: the Monday (local day number) of the
 * week just ended, once it is Monday DIGEST_HOUR:00 local time or later in the current week;
 * null before that on Monday. Only the week just ended is ever due: a server that was down all
 * week sends that week's digest up to Sunday night, never an older week's.
 */
export function dueDigestWeek(now: number, timeZone: string): number | null {
  const thisWeek = weekOf(localDay(now, timeZone));
  const sinceMonday = now + utcOffset(now, timeZone) - thisWeek * DAY_MS;
  return sinceMonday >= DIGEST_HOUR * 3_600_000 ? thisWeek - 7 : null;
}

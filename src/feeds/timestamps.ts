/** `2019-12-20 10:44:18 UTC`, the timestamp format of the QA, coaching and integration records; null stays null. */
export function formatUtc(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

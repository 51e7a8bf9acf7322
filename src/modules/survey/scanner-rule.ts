/**
 * Telling a mail scanner's star clicks from a customer's.
 *
 * Link scanners (Microsoft Defender Safe Links, Mimecast, Proofpoint, Barracuda...) fetch the
 * links of an email on delivery or on click: often every star link of one email within a second
 * or two, sometimes with HEAD, often with a user agent of their own. A customer clicks one star,
 * and perhaps another a few seconds later. So:
 *
 * | What arrives                                                   | Effect                                       |
 * |----------------------------------------------------------------|----------------------------------------------|
 * | HEAD of a star link                                            | nothing is recorded (the route answers 303)  |
 * | one GET of one star link (any user agent)                      | the rating is recorded                       |
 * | GET of a different star less than 2 s after the previous click | a burst: the clicked rating is withdrawn     |
 * | ...the same, 30 s when both clicks have scanner user agents     | a burst                                      |
 * | any star GET while a burst is going on (same windows)          | nothing is recorded                          |
 * | a different star more than the window later                    | the new rating replaces the old one          |
 * | a rating given through the form                                | never withdrawn by a burst                   |
 */

/** Different star links opened within this time of each other are a burst (a scanner, not a person). */
export const BURST_WINDOW_MS = 2_000;

/**
 * The burst window when both the earlier and the later click come from a known scanner's user agent.
 * Not when only one does: Outlook ("Microsoft Office Existence Discovery") and click-time Safe Links
 * fetch the very link a person clicks, so a person's second star would otherwise fall in a scanner's window.
 */
export const SCANNER_AGENT_BURST_WINDOW_MS = 30_000;

/**
 * User agents of link scanners and HTTP libraries, matched case-insensitively anywhere in the header.
 * Short on purpose: each entry names a product that fetches links in email on the recipient's behalf.
 */
const SCANNER_AGENTS: readonly RegExp[] = [
  /microsoft office|ms-office|safelinks|defender|bingpreview|skypeuripreview/, // Microsoft 365 / Defender for Office
  /mimecast/,
  /proofpoint|urldefense/,
  /barracuda/,
  /symantec|broadcom|messagelabs/,
  /ironport|cisco/,
  /trend ?micro/,
  /sophos/,
  /fireeye|trellix/,
  /google-safety|safebrowsing/,
  /python-requests|python-urllib|aiohttp|curl\/|wget\/|go-http-client|okhttp|java\/|libwww-perl/,
  /\b(bot|crawler|spider|scanner|preview)\b/,
];

/** Whether a user agent is a known link scanner or an HTTP library (a request without one is not known). */
export function isScannerAgent(userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  const ua = userAgent.toLowerCase();
  return SCANNER_AGENTS.some((pattern) => pattern.test(ua));
}

/** What the survey remembers of the previous star click. */
export interface PreviousClicks {
  lastClickRating: number | null;
  lastClickAt: number | null;
  /** 1 when the previous click came from a scanner user agent. */
  lastClickScanner: number | null;
  /** The last click that belonged to a burst. */
  burstAt: number | null;
}

/** Whether a GET of star `rating` at `now` belongs to a burst of a link scanner. */
export function isBurstClick(previous: PreviousClicks, rating: number, now: number, scannerAgent: boolean): boolean {
  const window = scannerAgent && previous.lastClickScanner === 1 ? SCANNER_AGENT_BURST_WINDOW_MS : BURST_WINDOW_MS;
  const differentStar = previous.lastClickAt !== null && previous.lastClickRating !== rating && now - previous.lastClickAt < window;
  const burstGoingOn = previous.burstAt !== null && now - previous.burstAt < window;
  return differentStar || burstGoingOn;
}

/**
 * The chat messages of an alert: Slack Block Kit for Slack incoming webhooks, a message with an
 * Adaptive Card attachment for Teams (Workflows / incoming webhooks). Pure functions of what
 * the alert shows; texts are bounded so a long comment never makes the service refuse the message.
 */

export interface ChatAlert {
  /** The rule's name, shown as the context ("Shout-outs"). */
  ruleName: string;
  agentName: string;
  customerName: string | null;
  rating: number | null;
  comment: string | null;
  brand: string;
  channel: string;
  /** The response page of the web app. */
  url: string;
  /** A sample sent by "Send test". */
  test?: boolean;
}

/** Longest comment quoted (both services refuse very long texts: Slack's section text stops at 3,000). */
export const MAX_COMMENT_CHARS = 1_500;
const MAX_NAME_CHARS = 80;

/** Cuts a text to `max` characters (whole code points), ending with "…" when cut. */
export function bounded(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Slack mrkdwn's control characters escaped (&, <, >), as Slack's formatting reference asks. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function stars(rating: number | null): string {
  if (rating === null) return 'no rating';
  const whole = Math.max(0, Math.min(5, Math.round(rating)));
  return `${'★'.repeat(whole)}${'☆'.repeat(5 - whole)}`;
}

function headline(alert: ChatAlert): string {
  const agent = bounded(alert.agentName, MAX_NAME_CHARS);
  const prefix = alert.test ? '[Test] ' : '';
  return alert.rating === null ? `${prefix}New response for ${agent}` : `${prefix}${alert.rating}-star response for ${agent}`;
}

function comment(alert: ChatAlert): string | null {
  const text = alert.comment?.trim();
  return text ? bounded(text, MAX_COMMENT_CHARS) : null;
}

/** The Block Kit message (header, section with the rating and the quoted comment, context, button) with its notification text. */
export function slackMessage(alert: ChatAlert): Record<string, unknown> {
  const title = headline(alert);
  const quoted = comment(alert);
  const customer = alert.customerName ? bounded(alert.customerName.trim(), MAX_NAME_CHARS) : 'A customer';
  const lines = [`*${stars(alert.rating)}*  ${escapeMrkdwn(customer)} rated *${escapeMrkdwn(bounded(alert.agentName, MAX_NAME_CHARS))}*`];
  lines.push(quoted ? escapeMrkdwn(quoted).split('\n').map((line) => `>${line}`).join('\n') : '_No comment_');
  return {
    text: bounded(escapeMrkdwn(title), 150),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: bounded(title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escapeMrkdwn(bounded(`${alert.brand} · ${alert.channel} · ${alert.ruleName}`, 300)) }],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open response' }, url: alert.url, action_id: 'open_response' }],
      },
    ],
  };
}

/** The Teams message: one Adaptive Card (version 1.4) with the rating, the comment, the context and an Open response action. */
export function teamsMessage(alert: ChatAlert): Record<string, unknown> {
  const quoted = comment(alert);
  const customer = alert.customerName ? bounded(alert.customerName.trim(), MAX_NAME_CHARS) : 'A customer';
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: headline(alert), size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: stars(alert.rating), size: 'ExtraLarge', color: alert.rating !== null && alert.rating <= 2 ? 'Attention' : 'Good', spacing: 'Small' },
    {
      type: 'FactSet',
      facts: [
        { title: 'Agent', value: bounded(alert.agentName, MAX_NAME_CHARS) },
        { title: 'Customer', value: customer },
        { title: 'Rating', value: alert.rating === null ? 'none' : `${alert.rating} of 5` },
        { title: 'Brand', value: bounded(alert.brand, MAX_NAME_CHARS) },
        { title: 'Channel', value: bounded(alert.channel, MAX_NAME_CHARS) },
      ],
    },
    quoted
      ? { type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: `“${quoted}”`, wrap: true, isSubtle: false }] }
      : { type: 'TextBlock', text: 'No comment', isSubtle: true, wrap: true },
    { type: 'TextBlock', text: bounded(alert.ruleName, MAX_NAME_CHARS), isSubtle: true, size: 'Small', wrap: true },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: 'Open response', url: alert.url }],
        },
      },
    ],
  };
}

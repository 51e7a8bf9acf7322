import { escapeHtml as e } from '../../lib/html.ts';
import type { FiguresOut } from '../reports/reports.schemas.ts';
import type { DigestAgent, DigestView } from './digest.service.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

type FigureName = 'responses' | 'star_rating_avg' | 'positive_pct' | 'nps' | 'fcr_pct' | 'response_rate';

/** The figures of the digest, in order, with how each is written. */
export const DIGEST_FIGURES: { name: FigureName; label: string; digits: number; unit: '' | '%'; change: string }[] = [
  { name: 'responses', label: 'Responses', digits: 0, unit: '', change: '' },
  { name: 'star_rating_avg', label: 'Star average', digits: 2, unit: '', change: '' },
  { name: 'positive_pct', label: 'Positive (CSAT, 4-5 stars)', digits: 1, unit: '%', change: ' pts' },
  { name: 'nps', label: 'NPS', digits: 1, unit: '', change: '' },
  { name: 'fcr_pct', label: 'Resolved first time (FCR)', digits: 1, unit: '%', change: ' pts' },
  { name: 'response_rate', label: 'Response rate', digits: 1, unit: '%', change: ' pts' },
];

const NO_DATA = 'no data';

/** A figure as written in the digest ("4.50", "82.5%", "no data"). */
export function formatFigure(value: number | null, digits: number, unit: '' | '%'): string {
  return value === null ? NO_DATA : `${value.toFixed(digits)}${unit}`;
}

/** The change from the week before, in words and with an arrow (never colour alone): "▲ up 0.25", "▼ down 3.0 pts", "no change". */
export function describeChange(current: number | null, previous: number | null, digits: number, unit: string): string {
  if (current === null || previous === null) return '';
  const factor = 10 ** digits;
  const delta = Math.round((current - previous) * factor) / factor;
  if (delta === 0) return 'no change';
  return `${delta > 0 ? '▲ up' : '▼ down'} ${Math.abs(delta).toFixed(digits)}${unit}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 30 – Dec 6, 2026" for two ISO dates. */
export function formatWeek(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const start = `${MONTHS[fm - 1]} ${fd}${fy === ty ? '' : `, ${fy}`}`;
  return `${start} – ${MONTHS[tm - 1]} ${td}, ${ty}`;
}

const stars = (n: number | null) => (n === null ? 'no star rating' : `${n} star${n === 1 ? '' : 's'}`);
const agentLine = (agent: DigestAgent) => `${agent.name}: ${agent.star_rating_avg.toFixed(2)} from ${agent.star_ratings} ratings`;

function figureRows(current: FiguresOut, previous: FiguresOut) {
  return DIGEST_FIGURES.map((figure) => {
    const now = current[figure.name] as number | null;
    const before = previous[figure.name] as number | null;
    return {
      label: figure.label,
      value: formatFigure(now, figure.digits, figure.unit),
      before: formatFigure(before, figure.digits, figure.unit),
      change: describeChange(now, before, figure.digits, figure.change),
    };
  });
}

/**
 * The weekly digest email: last week's figures against the week before, the best and worst star
 * averages (leaders), recent comments with links to their responses, and links to the dashboard
 * and to turn the digest off. Table layout with inline CSS for mail clients; every value escaped.
 */
export function renderDigestEmail(view: DigestView): RenderedEmail {
  const period = formatWeek(view.week.from, view.week.to);
  const previousPeriod = formatWeek(view.previousWeek.from, view.previousWeek.to);
  const whose = view.audience === 'company' ? view.company.name : 'your team';
  const subject = `Weekly feedback digest for ${whose}: ${period}`;
  const greeting = view.recipient.firstName ? `Hi ${view.recipient.firstName},` : 'Hi,';
  const intro = `Here is how ${whose} did last week (${period}), compared with the week before (${previousPeriod}).`;
  const rows = figureRows(view.current, view.previous);
  const offLine = 'You get this email every Monday as a team leader or admin. Turn it off on your account page:';

  const cell = 'padding:10px 0;border-bottom:1px solid #e5e7eb;vertical-align:top;';
  const figureHtml = rows
    .map(
      (row) => `<tr><td style="${cell}font-size:15px;line-height:22px;color:#374151;">${e(row.label)}</td>` +
        `<td align="right" style="${cell}"><span style="font-size:18px;line-height:24px;font-weight:bold;color:#111827;">${e(row.value)}</span><br>` +
        `<span style="font-size:13px;line-height:18px;color:#4b5563;">${row.change ? `<span style="white-space:nowrap;">${e(row.change)}</span> · ` : ''}<span style="white-space:nowrap;">week before: ${e(row.before)}</span></span></td></tr>`,
    )
    .join('');
  const agentsHtml = (title: string, agents: DigestAgent[]) =>
    agents.length === 0 ? '' : `<p style="margin:16px 0 4px;font-size:15px;font-weight:bold;">${e(title)}</p><ul style="margin:0;padding-left:20px;font-size:15px;line-height:22px;">${agents
      .map((agent) => `<li>${e(agent.name)}: <strong>${e(agent.star_rating_avg.toFixed(2))}</strong> from ${e(agent.star_ratings)} ratings</li>`)
      .join('')}</ul>`;
  const ranked = view.top.length + view.bottom.length > 0
    ? `<tr><td style="padding:8px 24px 0;"><h2 style="margin:8px 0 0;font-size:17px;">Star average by agent</h2>${agentsHtml('Highest', view.top)}${agentsHtml('Lowest', view.bottom)}<p style="margin:6px 0 0;font-size:13px;color:#4b5563;">Agents with at least 3 ratings last week.</p></td></tr>`
    : '';
  const commentsHtml = view.comments.length === 0
    ? '<p style="margin:8px 0 0;font-size:15px;color:#4b5563;">No comments last week.</p>'
    : view.comments
      .map((comment) => `<div style="margin:12px 0 0;padding:12px;border-left:4px solid #d1d5db;background:#f9fafb;">` +
        `<p style="margin:0 0 4px;font-size:14px;line-height:20px;color:#374151;"><strong>${e(comment.agent)}</strong> · ${e(stars(comment.stars))}</p>` +
        `<p style="margin:0 0 6px;font-size:15px;line-height:22px;white-space:pre-line;">${e(comment.text)}</p>` +
        `<a href="${e(comment.url)}" style="font-size:14px;color:#1d4ed8;">Open this response</a></div>`)
      .join('');

  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#111827;">
<tr><td style="padding:24px 24px 8px;">
<p style="margin:0 0 4px;font-size:13px;line-height:18px;color:#4b5563;text-transform:uppercase;letter-spacing:0.04em;">${e(view.company.name)} · weekly digest</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:28px;">${e(period)}</h1>
<p style="margin:0 0 8px;font-size:16px;line-height:24px;">${e(greeting)}</p>
<p style="margin:0;font-size:16px;line-height:24px;">${e(intro)}</p>
</td></tr>
<tr><td style="padding:8px 24px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${figureHtml}</table></td></tr>
${ranked}
<tr><td style="padding:8px 24px 0;"><h2 style="margin:16px 0 0;font-size:17px;">Recent comments</h2>${commentsHtml}</td></tr>
<tr><td style="padding:20px 24px 24px;"><a href="${e(view.links.dashboard)}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:4px;font-size:15px;">Open the dashboard</a></td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;line-height:18px;color:#4b5563;">${e(offLine)} <a href="${e(view.links.preferences)}" style="color:#1d4ed8;">turn off the weekly digest</a>.</td></tr>
</table></td></tr></table>
</body></html>`;

  const text = [
    greeting,
    '',
    intro,
    '',
    ...rows.map((row) => `${row.label}: ${row.value}${row.change ? ` (${row.change}; week before: ${row.before})` : ` (week before: ${row.before})`}`),
    ...(view.top.length > 0 ? ['', 'Highest star average (at least 3 ratings):', ...view.top.map((agent) => `- ${agentLine(agent)}`)] : []),
    ...(view.bottom.length > 0 ? ['', 'Lowest star average (at least 3 ratings):', ...view.bottom.map((agent) => `- ${agentLine(agent)}`)] : []),
    '',
    'Recent comments:',
    ...(view.comments.length === 0 ? ['No comments last week.'] : view.comments.flatMap((comment) => [`- ${comment.agent}, ${stars(comment.stars)}: "${comment.text}"`, `  ${comment.url}`])),
    '',
    `Dashboard: ${view.links.dashboard}`,
    '',
    `${offLine} ${view.links.preferences}`,
  ].join('\n');
  return { subject, html, text };
}

/** The Connections page's Slack and Teams alert rules (placeholder until they are built). */
export function AlertRulesSection() {
  return null;
}

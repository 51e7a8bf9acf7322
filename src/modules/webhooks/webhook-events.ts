/** The events a company can subscribe to (a module of its own: the CLI lists them without loading the database layer). */
export const WEBHOOK_EVENTS = ['response.created', 'response.updated', 'survey.finished', 'request.delivery_failed', 'recovery.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

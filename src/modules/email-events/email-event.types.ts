/** Where a delivery report came from. */
export type EmailEventProvider = 'ses' | 'sendgrid' | 'postmark' | 'mailgun' | 'dsn';

/**
 * hard_bounce: the address does not work (suppressed, request Bounced). soft_bounce: delivery failed
 * for now (counted; the third, or the service's last word, records the request Failed). complaint:
 * the customer marked the email as spam (unsubscribed).
 */
export type EmailEventKind = 'hard_bounce' | 'soft_bounce' | 'complaint';

/** One report about one survey email, as every receiver normalises it. */
export interface EmailEvent {
  provider: EmailEventProvider;
  /** The provider's id of this event: a redelivery repeats it and changes nothing. */
  eventKey: string;
  /** The email's reference (surveys.email_ref), when the report carries one. */
  ref: string | null;
  kind: EmailEventKind;
  /** A soft bounce after which the service stops trying (its final transient failure). */
  final: boolean;
  /** Status code and diagnostic, for support (no message content). */
  detail: string;
}

/** What became of one event. */
export type EmailEventOutcome = 'applied' | 'duplicate' | 'unknown';

/**
 * Zendesk's "via" (how a ticket arrived) to the default company channels. Both spellings come
 * in: the {{ticket.via}} placeholder renders the description ("Web Form", "Phone call
 * (incoming)", "Messaging") and the API's via.channel is the via type ("web", "email", "voice",
 * "native_messaging"). Unknown values pass through unchanged, so a company channel named after
 * them still matches (the core compares case-insensitively); otherwise the connection's
 * --channel option sets one channel for every request.
 */
const CHANNEL_BY_VIA: Record<string, string> = {};

const VIA_NAMES: Record<string, string[]> = {
  email: [
    'email', 'mail', 'web', 'web_form', 'web_service', 'web_service_api', 'api', 'web_widget', 'help_center',
    'closed_ticket', 'dropbox', 'feedback_tab', 'mobile', 'mobile_sdk', 'batch', 'topic', 'forum', 'ticket_sharing',
  ],
  chat: [
    'chat', 'messaging', 'native_messaging', 'chat_transcript', 'chat_offline_message', 'text_message', 'sms',
    'whatsapp', 'facebook', 'facebook_message', 'facebook_messenger', 'instagram_dm', 'twitter', 'twitter_dm', 'x_dm',
    'line', 'wechat', 'any_channel', 'sunshine_conversations_api', 'sunshine_conversations_facebook_messenger',
    'sunshine_conversations_twitter_dm', 'apple_business_chat', 'google_business_messages', 'slack', 'telegram', 'viber',
  ],
  phone: [
    'phone', 'voice', 'voicemail', 'call', 'phone_call_inbound', 'phone_call_outbound', 'phone_call_incoming',
    'phone_call_outgoing', 'api_voicemail', 'api_phone_call_inbound', 'api_phone_call_outbound', 'talk',
  ],
};
for (const [channel, names] of Object.entries(VIA_NAMES)) for (const name of names) CHANNEL_BY_VIA[name] = channel;

function viaKey(via: string): string {
  return via.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** email, chat or phone for a via Zendesk names; the value itself when unknown; undefined when blank. */
export function channelForVia(via: unknown): string | undefined {
  if (typeof via === 'number') return undefined;
  if (typeof via !== 'string' || via.trim() === '') return undefined;
  return CHANNEL_BY_VIA[viaKey(via)] ?? via.trim();
}

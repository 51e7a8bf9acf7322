import { randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';
import { isHttpUrl } from '../../lib/validators.ts';
import type { Company } from '../companies/companies.repository.ts';
import { ADAPTERS } from './adapters/index.ts';
import { mappingFromInput, mappingToInput } from './adapters/generic.ts';
import { CONNECTION_KINDS, type Connection, type ConnectionKind, type ConnectionOptions, type ConnectionSecrets, type HelpdeskAdapter } from './connection.types.ts';
import type { ConnectionCreateIn, ConnectionUpdateIn } from './connections.schemas.ts';

export interface ConnectionSettings {
  /** Every problem, named by field (the adapter's own checks come after these). */
  errors: string[];
  kind: ConnectionKind;
  adapter: HelpdeskAdapter;
  name: string;
  apiBase: string | null;
  options: ConnectionOptions;
  /** With a generated signing secret where the kind has us choose it and none was given. */
  secrets: ConnectionSecrets;
}

/** A new connection's settings read from its input (POST /app/api/connections, `connection add`). */
export function readConnectionInput(company: Company, input: ConnectionCreateIn): ConnectionSettings {
  const errors: string[] = [];
  const kind = input.kind as ConnectionKind;
  const adapter: HelpdeskAdapter | undefined = ADAPTERS[kind];
  if (!CONNECTION_KINDS.includes(kind) || !adapter) throw new AppError(400, `kind must be one of: ${CONNECTION_KINDS.join(', ')}`);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') errors.push('name is required');
  else if (name.length > 100) errors.push('name must be at most 100 characters');
  const apiBase = input.api_base?.trim() || null;
  if (apiBase !== null && !isHttpUrl(apiBase)) errors.push('api_base must be an http or https URL (e.g. https://acme.zendesk.com)');
  const options: ConnectionOptions = {};
  if (input.mapping !== undefined && input.mapping !== null) {
    if (typeof input.mapping !== 'object' || Array.isArray(input.mapping)) errors.push('mapping must be a JSON object');
    else options.mapping = mappingFromInput(input.mapping);
  }
  if (input.delay_minutes !== undefined && input.delay_minutes !== null) {
    if (!Number.isInteger(input.delay_minutes) || input.delay_minutes < 0 || input.delay_minutes > 10_080) errors.push('delay_minutes must be a whole number of minutes from 0 to 10080');
    else if (input.delay_minutes > 0) options.delay_minutes = input.delay_minutes;
  }
  const channel = input.channel?.trim();
  if (channel) {
    const known = company.channels.find((c) => c.toLowerCase() === channel.toLowerCase());
    if (!known) errors.push(`channel must be one of: ${company.channels.join(', ')}`);
    else options.channel = known;
  }
  const brand = input.brand?.trim();
  if (brand) {
    const known = company.brands.find((b) => [b.name, b.displayName].some((name) => name.toLowerCase() === brand.toLowerCase()));
    if (!known) errors.push(`brand must be one of: ${company.brands.map((b) => b.name).join(', ')}`);
    else options.brand = known.name;
  }
  const language = input.language?.trim();
  if (language) {
    const known = company.languages.find((tag) => tag.toLowerCase() === language.toLowerCase());
    if (!known) errors.push(`language must be one of: ${company.languages.join(', ')}`);
    else options.language = known;
  }
  const secrets: ConnectionSecrets = {
    api_user: input.api_user?.trim() || undefined,
    api_token: input.api_token?.trim() || undefined,
    signing_secret: input.signing_secret?.trim() || (adapter.secretSource === 'ours' ? randomBytes(32).toString('base64url') : undefined),
  };
  return { errors, kind, adapter, name, apiBase, options, secrets };
}

/** A connection's settings as input again, with `patch` over them (omitted: kept; null: cleared). */
export function editedInput(current: Connection, patch: ConnectionUpdateIn): ConnectionCreateIn {
  const kept: ConnectionCreateIn = {
    kind: current.kind,
    name: current.name,
    api_base: current.apiBase,
    api_user: current.apiUser,
    api_token: current.apiToken,
    signing_secret: current.signingSecret,
    mapping: current.options.mapping ? mappingToInput(current.options.mapping) : null,
    delay_minutes: current.options.delay_minutes ?? null,
    channel: current.options.channel ?? null,
    brand: current.options.brand ?? null,
    language: current.options.language ?? null,
  };
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...kept, ...changes };
}

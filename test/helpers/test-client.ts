import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.ts';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { signJwt } from './jwt.ts';

/** Who a test request comes from. Today a company through its API credentials; a logged-in employee's session joins this union. */
export type Actor = CompanyCredentials;

export interface ActorOptions {
  /** Which of the company's keys goes in `x-api-key` (production unless told). */
  key?: 'production' | 'test';
  /** Whether to send a fresh JWT signed with the company's API secret (yes unless told: routes that take only the key ignore it). */
  jwt?: boolean;
}

export interface SendOptions {
  /** Sent after (so over) the actor's credentials. */
  headers?: Record<string, string>;
  /** A body sent exactly as given instead of the JSON of `body`. */
  payload?: string | Buffer;
}

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Injector = (options: InjectOptions & { method: Method; url: string }) => Promise<LightMyRequestResponse>;

/** Requests as one actor; bodies go as JSON, answers are app.inject's responses. */
export interface TestClient {
  get(url: string, options?: SendOptions): Promise<LightMyRequestResponse>;
  head(url: string, options?: SendOptions): Promise<LightMyRequestResponse>;
  delete(url: string, options?: SendOptions): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, options?: SendOptions): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, options?: SendOptions): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, options?: SendOptions): Promise<LightMyRequestResponse>;
  send(method: Method, url: string, body?: unknown, options?: SendOptions): Promise<LightMyRequestResponse>;
}

export type ActAs = (actor: Actor, options?: ActorOptions) => TestClient;

/** The headers that make a request come from `actor`. */
async function credentials(actor: Actor, options: ActorOptions, onToken?: (token: string) => void): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'x-api-key': options.key === 'test' ? actor.test_api_key : actor.api_key };
  if (options.jwt !== false) {
    headers.authorization = await signJwt(actor.api_secret);
    onToken?.(headers.authorization);
  }
  return headers;
}

/** `as(actor).post(url, body)` over `inject` (app.inject, or a checker wrapping it); `onToken` sees every JWT it signs. */
export function actingThrough(inject: Injector, onToken?: (token: string) => void): ActAs {
  return (actor, actorOptions = {}) => {
    const send = async (method: Method, url: string, body?: unknown, options: SendOptions = {}) => {
      const payload = options.payload ?? (body === undefined ? undefined : JSON.stringify(body));
      const headers = {
        ...(await credentials(actor, actorOptions, onToken)),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      };
      return inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    };
    return {
      get: (url, options) => send('GET', url, undefined, options),
      head: (url, options) => send('HEAD', url, undefined, options),
      delete: (url, options) => send('DELETE', url, undefined, options),
      post: (url, body, options) => send('POST', url, body, options),
      put: (url, body, options) => send('PUT', url, body, options),
      patch: (url, body, options) => send('PATCH', url, body, options),
      send,
    };
  };
}

/** `as(actor)` on an app (the test context's, or a second app on the same database). */
export function actingOn(app: App, onToken?: (token: string) => void): ActAs {
  return actingThrough((request) => app.inject(request), onToken);
}

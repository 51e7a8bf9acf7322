import type { Scope } from '../access/scope.ts';

export interface Created {
  request_id: string;
}

/** The endpoints whose bodies arrive as text (see RequestIntake). */
export type IntakeEndpoint = '/v1/requests' | '/v1/recoveries';

/**
 * Where POST /v1/requests and /v1/recoveries bodies are read, validated and stored: by the
 * RequestsService of the event loop, or on SQLite by the one on the writer thread (which has
 * time to spare while the event loop is the limit of ingestion).
 */
export interface RequestIntake {
  submit(endpoint: IntakeEndpoint, scope: Scope, text: string | undefined, idempotencyKey: string | undefined): Promise<Created>;
}

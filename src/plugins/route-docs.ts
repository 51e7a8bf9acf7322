/** OpenAPI operationId, tags, summary, description and security of a JWT + key route. */
export function docs(tag: string, operationId: string, summary: string, description: string) {
  return { operationId, tags: [tag], summary, description, security: [{ apiKey: [], jwt: [] }] };
}

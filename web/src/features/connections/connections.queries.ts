import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { Connection, ConnectionCreate, ConnectionCreated, ConnectionDetail, ConnectionEvent, ConnectionKinds, ConnectionTryResult, ConnectionUpdate } from '../../lib/api-types.ts';

export const connectionKindsQuery = queryOptions({
  queryKey: ['connection-kinds'],
  queryFn: ({ signal }) => api<ConnectionKinds>('/app/api/connection-kinds', { signal }),
  staleTime: Infinity,
});

export const connectionsQuery = queryOptions({
  queryKey: ['connections'],
  queryFn: ({ signal }) => api<{ connections: Connection[] }>('/app/api/connections', { signal }),
});

export const connectionQuery = (id: number) => queryOptions({
  queryKey: ['connections', id],
  queryFn: ({ signal }) => api<ConnectionDetail>(`/app/api/connections/${id}`, { signal }),
});

export function useCreateConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectionCreate) => api<ConnectionCreated>('/app/api/connections', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true }),
  });
}

/** Saves changes (PATCH); the connection and the list are fetched again. */
export function useUpdateConnection(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectionUpdate) => api<ConnectionCreated>(`/app/api/connections/${id}`, { method: 'PATCH', body: input }),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: connectionQuery(id).queryKey }),
      queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true }),
    ]),
  });
}

export function useRemoveConnection(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/app/api/connections/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: connectionQuery(id).queryKey });
      return queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true });
    },
  });
}

/** A dry run (nothing stored) or a test event (a real request, logged as a test); a test event refreshes the events. */
export function useTryEvent(id: number, mode: 'dry-run' | 'test-event') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => api<ConnectionTryResult>(`/app/api/connections/${id}/${mode}`, { method: 'POST', body: body === undefined ? {} : { body } }),
    onSuccess: () => {
      if (mode === 'dry-run') return;
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionQuery(id).queryKey }),
        queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true }),
      ]);
    },
  });
}

/** Retries a refused or failed event; the connection's events and the list are fetched again. */
export function useRetryEvent(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: number) => api<ConnectionEvent>(`/app/api/connections/${id}/events/${eventId}/retry`, { method: 'POST' }),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: connectionQuery(id).queryKey }),
      queryClient.invalidateQueries({ queryKey: connectionsQuery.queryKey, exact: true }),
    ]),
  });
}

import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { AlertRule, AlertRuleCreate, AlertRuleUpdate } from '../../lib/api-types.ts';

export interface AlertRuleList { rules: AlertRule[] }

export const alertRulesQuery = queryOptions({
  queryKey: ['alert-rules'],
  queryFn: ({ signal }) => api<AlertRuleList>('/app/api/alerts', { signal }),
});

/** Puts the saved rule into the list (added at the end, or replaced), so every view shows what the server stored. */
function useStoreRule() {
  const queryClient = useQueryClient();
  return (saved: AlertRule) =>
    queryClient.setQueryData<AlertRuleList>(alertRulesQuery.queryKey, (list) =>
      list && { rules: list.rules.some((r) => r.id === saved.id) ? list.rules.map((r) => (r.id === saved.id ? saved : r)) : [...list.rules, saved] });
}

export function useCreateAlertRule() {
  const store = useStoreRule();
  return useMutation({
    mutationFn: (input: AlertRuleCreate) => api<AlertRule>('/app/api/alerts', { method: 'POST', body: input }),
    onSuccess: store,
  });
}

/** Changes a rule (only the fields given), pauses it (`enabled: false`) or resumes it. */
export function useUpdateAlertRule(id: number) {
  const store = useStoreRule();
  return useMutation({
    mutationFn: (input: AlertRuleUpdate) => api<AlertRule>(`/app/api/alerts/${id}`, { method: 'PATCH', body: input }),
    onSuccess: store,
  });
}

export function useTestAlertRule(id: number) {
  const store = useStoreRule();
  return useMutation({
    mutationFn: () => api<AlertRule>(`/app/api/alerts/${id}/test`, { method: 'POST' }),
    onSuccess: store,
  });
}

export function useRemoveAlertRule(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/app/api/alerts/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.setQueryData<AlertRuleList>(alertRulesQuery.queryKey, (list) => list && { rules: list.rules.filter((r) => r.id !== id) }),
  });
}

// The startup benchmark's baseline: the CLI run as bin/agent-connect.js ran it before there was a
// build (and still does when dist/ is missing or stale), the TypeScript sources through tsx.
import { register } from 'node:module';

register('data:text/javascript,export const resolve = (specifier, context, next) => next(specifier, { ...context, conditions: [...context.conditions, "agent-connect-source"] });');
const tsx = await import('tsx/esm/api');
tsx.register();
await import('../src/cli/index.ts');

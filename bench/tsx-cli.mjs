// The startup benchmark's baseline: the CLI run as bin/agent-connect.js ran it before there was a
// build (and still does when dist/ is missing or stale), the TypeScript sources through tsx.
const tsx = await import('tsx/esm/api');
tsx.register();
await import('../src/cli/index.ts');

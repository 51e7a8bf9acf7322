// Worker-thread entry. Built (dist/), the compiled thread module sits next to this file; run from
// the sources, worker threads do not inherit the TypeScript loader, so register tsx here first.
import fs from 'node:fs';

const compiled = new URL('./sqlite-writer-thread.js', import.meta.url);
if (fs.existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./sqlite-writer-thread.ts');
}

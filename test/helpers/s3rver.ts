import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

/** A real s3rver (an S3-compatible server) in a child process, on a free port, storing into a temporary directory. */
export interface S3Server {
  endpoint: string;
  /** s3rver's fixed credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  close(): Promise<void>;
}

const SCRIPT = `
const S3rver = require('s3rver');
new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[1], silent: true })
  .run()
  .then((address) => console.log(JSON.stringify(address)), (error) => { console.error(error); process.exit(1); });
`;

export async function startS3rver(): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, directory], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    close: async () => {
      if (child.exitCode === null) {
        child.kill();
        await once(child, 'exit');
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

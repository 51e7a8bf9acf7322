import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `agent-connect ...args` as a real process with this environment; never throws on a non-zero exit. */
export function runCli(env: Record<string, string | undefined>, ...args: string[]): Promise<CliResult> {
  return runCliWithInput(env, '', ...args);
}

/** `runCli` with `input` written to the command's stdin. */
export async function runCliWithInput(env: Record<string, string | undefined>, input: string, ...args: string[]): Promise<CliResult> {
  try {
    const running = exec(process.execPath, ['bin/agent-connect.js', ...args], { env: { ...process.env, ...env } });
    running.child.stdin?.end(input);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Asserts a refusal: exit 1 and one line on stderr, matching `reason`. */
export async function assertRefused(env: Record<string, string | undefined>, args: string[], reason: RegExp): Promise<void> {
  const result = await runCli(env, ...args);
  assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}`);
  assert.match(result.stderr, reason, args.join(' '));
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
}

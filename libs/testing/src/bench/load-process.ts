import { fork } from 'node:child_process';

/**
 * Runs a load generator in a child process of its own, so its requests, answers and garbage
 * share neither the event loop nor the heap of the service it measures: sends it `input`, and
 * answers the one message it sends back (rejected with its `error` when it names one, or when
 * it exits before answering).
 */
export function runLoadProcess<Result>(
  script: string,
  input: unknown,
  what = 'the load process',
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { serialization: 'advanced', execArgv: [] });
    let answered = false;
    child.once('message', (result: Result & { error?: string }) => {
      answered = true;
      if (result.error !== undefined) reject(new Error(result.error));
      else resolve(result);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`${what} exited with ${code}`));
    });
    child.send(input as object);
  });
}

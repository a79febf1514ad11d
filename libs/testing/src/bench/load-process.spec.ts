import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLoadProcess } from './load-process';

const dir = mkdtempSync(path.join(tmpdir(), 'load-process-'));
const script = (name: string, body: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
};

describe('runLoadProcess', () => {
  it('sends the input to the child and answers what it sends back', async () => {
    const echo = script(
      'echo.cjs',
      `process.once('message', (m) => process.send({ doubled: m.n * 2 }));`,
    );
    await expect(runLoadProcess<{ doubled: number }>(echo, { n: 21 })).resolves.toEqual({
      doubled: 42,
    });
  });

  it("rejects with the child's error", async () => {
    const failing = script(
      'fail.cjs',
      `process.once('message', () => process.send({ error: 'no port' }));`,
    );
    await expect(runLoadProcess(failing, {})).rejects.toThrow('no port');
  });

  it('rejects when the child exits without answering', async () => {
    const quitting = script('quit.cjs', `process.once('message', () => process.exit(3));`);
    await expect(runLoadProcess(quitting, {}, 'the GET load process')).rejects.toThrow(
      'the GET load process exited with 3',
    );
  });
});

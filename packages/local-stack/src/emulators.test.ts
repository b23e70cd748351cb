import { describe, expect, it } from 'vitest';
import { EmulatorStartError, STARTUP_DEADLINE_MS, waitUntil } from './emulators.js';

describe('waiting for an emulator to start', () => {
  it('tolerates a loaded machine: a minute, not the 20 s that once failed `npm test`', () => {
    expect(STARTUP_DEADLINE_MS).toBeGreaterThanOrEqual(60_000);
  });

  it('returns once the emulator answers, after failed probes', async () => {
    let probes = 0;
    await waitUntil(
      'DynamoDB Local on port 1',
      5_000,
      async () => {
        probes++;
        if (probes < 3) throw new Error('ECONNREFUSED');
        return true;
      },
      () => undefined,
    );
    expect(probes).toBe(3);
  });

  it('names the emulator and what it printed when it gives up', async () => {
    const failure = waitUntil(
      'DynamoDB Local on port 8123',
      50,
      async () => false,
      () => undefined,
      () => 'Initializing DynamoDB Local\nCorrupted database file',
    );
    await expect(failure).rejects.toBeInstanceOf(EmulatorStartError);
    await expect(failure).rejects.toThrow(
      /DynamoDB Local on port 8123 did not answer within 50 ms; it printed: Initializing DynamoDB Local\nCorrupted/,
    );
  });

  it('says so at once when the process exits, with its last words', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        'DynamoDB Local on port 8123',
        60_000,
        async () => false,
        () => 'exited with 1: Address already in use',
      ),
    ).rejects.toThrow('DynamoDB Local on port 8123 did not start: exited with 1: Address already in use');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

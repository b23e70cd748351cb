import { vi } from 'vitest';

/** A client class whose instances send every request through `send` (the SDK's clients, our lean ones). */
interface SendingClass {
  prototype: { send(...args: never[]): unknown };
}

/**
 * Runs `act` with every answer of these clients held until all requests sent so far are out, then released
 * together: the number of releases is the number of round trips in sequence (the chain a request or a record
 * waits through), and requests sent in the same release went out concurrently. The answers are whatever the
 * clients' existing stubs (aws-sdk-client-mock) give, each at the next release. `idleTurns`: macrotask turns
 * that let the steps between two answers (promise continuations, the SDK's middleware) all run.
 */
export async function roundTripsInSequence(
  act: () => Promise<unknown>,
  clients: readonly SendingClass[],
  idleTurns = 2,
): Promise<number> {
  const held: (() => void)[] = [];
  const spies = clients.map((client) => {
    const prototype = client.prototype as { send(...args: unknown[]): unknown };
    const answer = prototype.send;
    return vi.spyOn(prototype, 'send').mockImplementation(function (this: unknown, ...args: unknown[]) {
      return new Promise((resolve) => held.push(() => resolve(Reflect.apply(answer, this, args))));
    });
  });
  const idle = async () => {
    for (let turn = 0; turn < idleTurns; turn++) await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    const done = act();
    let rounds = 0;
    for (await idle(); held.length > 0; await idle()) {
      rounds++;
      for (const release of held.splice(0)) release();
    }
    await done;
    return rounds;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

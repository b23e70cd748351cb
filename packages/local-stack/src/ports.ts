import { createServer } from 'node:net';

/** Documented defaults; each can be set by its environment variable, and 0 picks a free port. */
export const defaultPorts = { api: 4000, dynamodb: 8000, sqs: 4566, ses: 8005 } as const;
export const portVariables = {
  api: 'LOCAL_API_PORT',
  dynamodb: 'LOCAL_DYNAMODB_PORT',
  sqs: 'LOCAL_SQS_PORT',
  ses: 'LOCAL_SES_PORT',
} as const;

export type Ports = Record<keyof typeof defaultPorts, number>;

export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): Ports {
  const read = (name: keyof Ports): number => {
    const raw = env[portVariables[name]];
    if (raw === undefined || raw === '') return defaultPorts[name];
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`${portVariables[name]} must be a port number (0 picks a free one), got ${raw}`);
    }
    return port;
  };
  return { api: read('api'), dynamodb: read('dynamodb'), sqs: read('sqs'), ses: read('ses') };
}

/** A port the OS says is free now; for programs (Java) that cannot be told to pick one themselves. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

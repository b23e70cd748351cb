import { Agent, request } from 'node:http';
import type { FunctionSpec } from '@wuhan/topology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ApiGateway } from './api-gateway.js';
import { LocalFunction } from './lambda-runtime.js';
import { compileRoute } from './routes.js';

const spec = { name: 'echo', timeoutSeconds: 5, memoryMb: 128 } as FunctionSpec;
const echo = new LocalFunction(
  spec,
  async () => ({
    handler: async (event: unknown) => ({
      statusCode: 200,
      body: JSON.stringify(
        z.object({ pathParameters: z.record(z.string(), z.string()).default({}) }).parse(event)
          .pathParameters,
      ),
    }),
  }),
  process.cwd(),
  'cn-north-1',
);

const gateway = new ApiGateway({
  port: 0,
  region: 'cn-north-1',
  routes: [
    compileRoute(spec, { method: 'GET', path: '/v1/things/{id}', auth: 'none', summary: '' }),
    compileRoute(spec, { method: 'POST', path: '/v1/things', auth: 'none', summary: '' }),
  ],
  functions: new Map([['echo', echo]]),
  authorizer: undefined,
  throttle: undefined,
  control: async () => ({ status: 200, body: {} }),
  log: () => {},
});

let base: URL;
beforeAll(async () => {
  base = new URL(await gateway.listen());
});
afterAll(() => gateway.close());

interface Answer {
  status: number;
  body: string;
  reusedSocket: boolean;
}

/** One request over `agent`, reporting whether it went over a socket an earlier request used. */
function send(agent: Agent, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            reusedSocket: req.reusedSocket,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local API Gateway at its edges (issue 12, defect 8)', () => {
  it('decodes a well-formed escape in a path parameter', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = await send(agent, 'GET', '/v1/things/%E9%87%8F%20x');
    agent.destroy();
    expect(answer).toMatchObject({ status: 200, body: JSON.stringify({ id: '量 x' }) });
  });

  it.each(['/v1/things/%E0%A4%A', '/v1/things/%ZZ', '/v1/things/%', '/v1/things/%C3%28'])(
    'answers a malformed escape (%s) with 400, not 500',
    async (path) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const answer = await send(agent, 'GET', path);
      agent.destroy();
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ message: 'Bad Request' });
    },
  );

  it('answers a body over 10 MB with 413, and the same connection serves the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1024 * 1024, 0x20);
    const first = await send(agent, 'POST', '/v1/things', huge);
    const second = await send(agent, 'GET', '/v1/things/t-1');
    agent.destroy();
    expect(first.status).toBe(413);
    expect(second).toMatchObject({ status: 200, reusedSocket: true });
  });
});

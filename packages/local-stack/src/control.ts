import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ControlResponse } from './api-gateway.js';
import { dlqDepths } from './dlq-monitor.js';
import type { Scheduler } from './scheduler.js';

/**
 * The local-only control API under `/_local` (never part of the product or its OpenAPI document):
 * - `POST /schedules/{name}` runs a scheduled function now and answers with what it returned;
 * - `GET /schedules` lists the schedules;
 * - `GET /dlq` the depth of every dead-letter queue, by source queue.
 */
export function controlHandler(deps: { scheduler: Scheduler; sqs: SQSClient; dlqs: Record<string, string> }) {
  return async (method: string, path: string): Promise<ControlResponse> => {
    const schedule = /^\/schedules\/([^/]+)$/.exec(path);
    if (schedule?.[1] && method === 'POST') {
      const name = decodeURIComponent(schedule[1]);
      if (!deps.scheduler.has(name)) return { status: 404, body: { message: `No schedule named ${name}` } };
      try {
        return { status: 200, body: (await deps.scheduler.run(name)) ?? null };
      } catch (error) {
        return { status: 500, body: { message: (error as Error).message } };
      }
    }
    if (path === '/schedules' && method === 'GET')
      return { status: 200, body: { schedules: deps.scheduler.names() } };
    if (path === '/dlq' && method === 'GET')
      return { status: 200, body: await dlqDepths(deps.sqs, deps.dlqs) };
    return { status: 404, body: { message: 'Not Found' } };
  };
}

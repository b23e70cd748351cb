import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ControlResponse } from './api-gateway.js';
import { dlqDepths } from './dlq-monitor.js';
import type { Scheduler } from './scheduler.js';

/**
 * The local-only control API under `/_local` (never part of the product or its OpenAPI document):
 * - `POST /schedules/{name}` runs a scheduled function now and answers with what it returned; `?at=<ISO time>`
 *   runs it as if the schedule fired at that instant (the event's `time`), so tests move the clock instead of
 *   waiting (the deadline sweeper's "now" is that time);
 * - `GET /schedules` lists the schedules;
 * - `GET /dlq` the depth of every dead-letter queue, by source queue.
 */
export function controlHandler(deps: { scheduler: Scheduler; sqs: SQSClient; dlqs: Record<string, string> }) {
  return async (method: string, path: string, _body = '', query = ''): Promise<ControlResponse> => {
    const schedule = /^\/schedules\/([^/]+)$/.exec(path);
    if (schedule?.[1] && method === 'POST') {
      const name = decodeURIComponent(schedule[1]);
      if (!deps.scheduler.has(name)) return { status: 404, body: { message: `No schedule named ${name}` } };
      const at = scheduledTime(query);
      if (at === 'invalid') return { status: 400, body: { message: 'at must be an ISO 8601 date-time' } };
      try {
        return { status: 200, body: (await deps.scheduler.run(name, at)) ?? null };
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

/** `at` from the query string: absent (run at the current time), a valid instant, or `invalid`. */
function scheduledTime(query: string): Date | undefined | 'invalid' {
  const at = new URLSearchParams(query).get('at');
  if (at === null) return undefined;
  // An ISO date-time with a zone, as EventBridge Scheduler's own `time` is; a bare date is too ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)) return 'invalid';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `npx tsx services/relay/redrive-cli.ts [--local] [--max 100]`: redrives relay-undeliverable with today's
 * routing and prints what happened to each event.
 * `--stream-failures <queue url>`: instead, works through the relay's stream-failure queue (the stack output
 * `RelayStreamFailuresUrl`), resending each failed batch's events from their stored rows (each event's one row,
 * its subject's history, kept for good; the stream keeps its records 24 h, the failure queue its pointers 14
 * days). `--outbox-from <ISO> --outbox-to <ISO>`: resends every event that occurred in that window. Both need the operator's credentials (they Scan the table). `--local` points at `npm start`'s stack (`.local/stack.json`);
 * against AWS, run it with the operator's credentials and the relay function's own `QUEUE_URLS` and
 * `TABLE_NAME` in the environment (`aws lambda get-function-configuration --function-name <relay>`), which name
 * exactly the queues the relay may send to.
 */
const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    max: { type: 'string', default: '100' },
    'stream-failures': { type: 'string' },
    'outbox-from': { type: 'string' },
    'outbox-to': { type: 'string' },
  },
});
if (values.local) {
  const info = JSON.parse(readFileSync('.local/stack.json', 'utf8')) as {
    environment: Record<string, string>;
  };
  Object.assign(process.env, info.environment);
}
// Imported after the environment is set: the SDK clients and the config read it on first use.
const { topology } = await import('@wuhan/topology');
const { redriveUndeliverable } = await import('./redrive.js');
const { redriveOutbox, redriveStreamFailures } = await import('./redrive-outbox.js');
const routing = topology.eventRouting;
const from = values['outbox-from'];
const to = values['outbox-to'];
if ((from === undefined) !== (to === undefined)) throw new Error('--outbox-from and --outbox-to go together');
const result = values['stream-failures']
  ? await redriveStreamFailures({ queueUrl: values['stream-failures'], routing, max: Number(values.max) })
  : from && to
    ? await redriveOutbox({ routing, from: new Date(from), to: new Date(to) })
    : await redriveUndeliverable({ routing, max: Number(values.max) });
console.log(JSON.stringify(result, null, 2));

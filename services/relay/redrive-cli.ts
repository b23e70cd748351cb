import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * `npx tsx services/relay/redrive-cli.ts [--local] [--max 100]`: redrives relay-undeliverable with today's
 * routing and prints what happened to each event. `--local` points at `npm start`'s stack (`.local/stack.json`);
 * against AWS, run it with the operator's credentials and the relay function's own `QUEUE_URLS` and
 * `TABLE_NAME` in the environment (`aws lambda get-function-configuration --function-name <relay>`), which name
 * exactly the queues the relay may send to.
 */
const { values } = parseArgs({
  options: { local: { type: 'boolean', default: false }, max: { type: 'string', default: '100' } },
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
const result = await redriveUndeliverable({ routing: topology.eventRouting, max: Number(values.max) });
console.log(JSON.stringify(result, null, 2));

import { fileURLToPath } from 'node:url';
import { type Topology, topology } from '@wuhan/topology';
import { App } from 'aws-cdk-lib';
import { addServiceStack } from '../../../infra/service-app.js';
import type { ServiceStack } from '../../../infra/stack.js';

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixtureEntry = 'test/unit/infra/fixtures/handler.ts';

/**
 * The real topology with every entry pointed at one tiny fixture handler: the template depends on everything
 * in the topology but the handler code, and bundling the fixture seven times takes a second, not a minute.
 */
export const fixtureTopology: Topology = {
  ...topology,
  functions: topology.functions.map((fn) => ({ ...fn, entry: fixtureEntry })),
};

/** Synthesizes the app exactly as `cdk synth` does (cdk-nag included: a finding throws here). */
export function synthesizeFixtureApp(context: Record<string, string> = {}): {
  app: App;
  stack: ServiceStack;
} {
  const app = new App({ context });
  const stack = addServiceStack(app, { topology: fixtureTopology, projectRoot });
  app.synth();
  return { app, stack };
}

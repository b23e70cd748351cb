import type { Topology } from '@wuhan/topology';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentConfig } from './config.js';
import { readPlatformAccess } from './platform-access.js';
import { ServiceStack } from './stack.js';

export interface ServiceAppOptions {
  topology: Topology;
  /** The repository root; function entries are resolved from here. */
  projectRoot: string;
}

/**
 * Adds the service stack to an app and cdk-nag's AwsSolutions checks to every synth: a finding fails the synth,
 * and each acknowledgment sits next to the resource it concerns, with its reason. Shared by infra/app.ts and the
 * template test, so the test synthesizes exactly what `cdk synth` does.
 */
export function addServiceStack(app: App, options: ServiceAppOptions): ServiceStack {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const { env, ...deployment } = readDeploymentConfig(app.node);
  return new ServiceStack(app, options.topology.service, {
    topology: options.topology,
    deployment,
    platformAccess: readPlatformAccess(app.node, options.topology.platforms),
    projectRoot: options.projectRoot,
    env,
    description:
      'Wuhan disruptive-technology programme 2025–2027: nominations, evaluation, matching, subsidies',
  });
}

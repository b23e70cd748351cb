import { fileURLToPath } from 'node:url';
import { topology } from '@wuhan/topology';
import { App } from 'aws-cdk-lib';
import { addServiceStack } from './service-app.js';

/** `cdk synth` / `cdk deploy` entry (cdk.json): the real topology, from the repository root. */
const app = new App();
addServiceStack(app, { topology, projectRoot: fileURLToPath(new URL('..', import.meta.url)) });
app.synth();

import { fileURLToPath } from 'node:url';
import { topology } from '@wuhan/topology';
import { App } from 'aws-cdk-lib';
import { writeApiDocuments } from '../scripts/api-documents.js';
import { addServiceStack } from './service-app.js';

// Before any function is bundled: the meta function serves the documents generated from the contract.
writeApiDocuments();
/** `cdk synth` / `cdk deploy` entry (cdk.json): the real topology, from the repository root. */
const app = new App();
addServiceStack(app, { topology, projectRoot: fileURLToPath(new URL('..', import.meta.url)) });
app.synth();

import { targetsOperations } from '@wuhan/contract';
import { httpRouter } from '@wuhan/middleware';
import { readProgress } from './read-progress.js';
import { contributionsTo } from './store.js';

export const handler = httpRouter(targetsOperations, {
  'GET /v1/programme/targets': async () => ({ status: 200, body: await readProgress(contributionsTo) }),
});

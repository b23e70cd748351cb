import type { Credentials, StackInfo } from '@wuhan/local-stack';
import { startLocalStack } from '@wuhan/local-stack';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
    credentials: Credentials;
  }
}

/**
 * One local stack for the whole integration run: its own emulators on free ports, DynamoDB in memory, the demo
 * people seeded. Test files get it with `inject('stack')` and `inject('credentials')`, and isolate themselves by
 * the unique ids they create. Schedules do not fire on their own here; tests run them through the control API.
 */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack({
    ports: { api: 0, dynamodb: 0, sqs: 0, ses: 0 },
    runSchedules: false,
  });
  project.provide('stack', stack.info);
  project.provide('credentials', stack.credentials);
  return async () => {
    await stack.stop();
  };
}

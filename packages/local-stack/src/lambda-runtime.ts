import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionSpec } from '@wuhan/topology';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;
export interface HandlerModule {
  handler: Handler;
}
/** Where a function's code comes from: its `entry` path (from the repository root) or a loader (tests). */
export type HandlerSource = string | (() => Promise<HandlerModule>);

export class FunctionTimeout extends Error {
  override name = 'FunctionTimeout';
}

/**
 * One Lambda function run in this process. The module is imported on the first invocation and kept, like a
 * warm execution environment; each invocation gets a fresh context whose deadline is the function's timeout.
 * A timed-out invocation is reported as an error (the promise keeps running: a process cannot be frozen).
 */
export class LocalFunction {
  private module: Promise<HandlerModule> | undefined;

  constructor(
    readonly spec: FunctionSpec,
    private readonly source: HandlerSource,
    private readonly root: string,
    private readonly region: string,
  ) {}

  private load(): Promise<HandlerModule> {
    this.module ??= (async () => {
      const loaded =
        typeof this.source === 'string'
          ? ((await import(pathToFileURL(resolve(this.root, this.source)).href)) as Partial<HandlerModule>)
          : await this.source();
      if (typeof loaded.handler !== 'function') {
        throw new Error(`Function ${this.spec.name}: its module does not export a handler`);
      }
      return loaded as HandlerModule;
    })();
    // A failed import is retried on the next invocation (the file may still be being written).
    this.module.catch(() => {
      this.module = undefined;
    });
    return this.module;
  }

  async invoke(event: unknown): Promise<unknown> {
    const { handler } = await this.load();
    const context = lambdaContext({
      functionName: this.spec.name,
      timeoutSeconds: this.spec.timeoutSeconds,
      memoryMb: this.spec.memoryMb,
      region: this.region,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new FunctionTimeout(
              `${this.spec.name}: Task timed out after ${this.spec.timeoutSeconds} seconds`,
            ),
          ),
        this.spec.timeoutSeconds * 1000,
      );
    });
    try {
      return await Promise.race([handler(event, context), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

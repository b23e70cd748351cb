import type * as z from '../zod.js';

/**
 * One event type: its name, the schema of its `data` and its current version. A change a consumer of the current
 * version could not read (a field removed, renamed or retyped, a new required field) bumps `version` and moves the
 * old schema to `previous` with an `upgrade` to the new shape, so events still in flight parse. An additive
 * optional field needs no new version: consumers strip what they do not know.
 */
export interface EventDefinition<Data extends z.ZodMiniObject = z.ZodMiniObject> {
  readonly version: number;
  readonly data: Data;
  readonly previous?: readonly {
    readonly version: number;
    readonly data: z.ZodMiniType;
    readonly upgrade: (old: never) => z.input<Data>;
  }[];
}

/** A definition bound to its type: what producers pass to `newEventOf` and consumers to `consumedEventsOf`. */
export interface TypedEventDefinition<
  T extends string = string,
  Data extends z.ZodMiniObject = z.ZodMiniObject,
> extends EventDefinition<Data> {
  readonly type: T;
}

/**
 * Builds an event's data schema. Every call is annotated `@__PURE__` (`eventData(() => z.object(…))` behind the
 * annotation comment) so that a bundle drops each schema it does not use, even from a module it uses something else of: a bare
 * `z.object(…)` at the top level is a call esbuild cannot prove pure, so it would keep every schema of the module
 * (issue 13: a consumer carries only the schemas of the events it reads and writes). The annotation sits at the
 * call because esbuild does not carry a function's own `@__NO_SIDE_EFFECTS__` across modules.
 */
export function eventData<S>(build: () => S): S {
  return build();
}

/**
 * Version 1 of an event type. Every call is annotated `@__PURE__` (see `eventData`): a definition no
 * code names is dropped with its schema.
 */
export function defineEvent<const T extends string, Data extends z.ZodMiniObject>(
  type: T,
  data: Data,
): { readonly type: T; readonly version: 1; readonly data: Data } {
  return { type, version: 1, data };
}

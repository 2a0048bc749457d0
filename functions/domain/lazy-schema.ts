import type * as z from 'zod';

/** What zod's JSON Schema processors need of their context here: the schemas seen so far. */
interface JsonSchemaContext {
  seen: Map<unknown, unknown>;
}
type JsonSchemaProcess = (ctx: JsonSchemaContext, json: unknown, params: unknown) => unknown;

/**
 * A schema built on its first use rather than when its module loads. zod
 * builds a schema eagerly, and the contracts' and the domain's schemas cost a
 * cold start about 50 ms of CPU (npm run bench, cold start; bench/RESULTS.md):
 * most of them are not used by the request that caused it, and none by one
 * refused before its input is read. The value stands for the schema in every
 * use (parse, extend, shape, composition into other schemas, instanceof,
 * z.infer), building it the first time any of its properties is read.
 */
export const lazySchema = <S extends z.ZodType>(build: () => S): S => {
  let built: S | undefined;
  const schema = (): S => {
    if (built) return built;
    built = build();
    const real = built;
    // zod's JSON Schema output (the OpenAPI document) keys what it has seen by
    // the schema object, and a processor looks itself up by the schema it was
    // made for, not by the stand-in the output met: for that call, the stand-in's
    // entry is the schema's too.
    const internals = real._zod as unknown as { processJSONSchema?: JsonSchemaProcess };
    const process = internals.processJSONSchema;
    if (process) {
      internals.processJSONSchema = (ctx, json, params) => {
        const alias = !ctx.seen.has(real) && ctx.seen.has(standIn);
        if (alias) ctx.seen.set(real, ctx.seen.get(standIn));
        try {
          return process(ctx, json, params);
        } finally {
          if (alias) ctx.seen.delete(real);
        }
      };
    }
    return real;
  };
  const standIn: S = new Proxy(Object.create(null) as S, {
    // The stand-in is the receiver: a method zod binds to its schema binds to the stand-in, so a schema derived
    // from it (`.or`, `.optional`) holds the stand-in, the one identity every module sees.
    get: (_, key, receiver) => Reflect.get(schema(), key, receiver),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // The stand-in has none of its own; a proxy may only report configurable properties it lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    set: (_, key, value) => Reflect.set(schema(), key, value),
  });
  return standIn;
};

/**
 * A shape (an object of schemas, spread into object schemas) built on first
 * use, for the same reason as lazySchema; spread it (`{ ...Paging }`), which
 * reads every property.
 */
export const lazyShape = <T extends Record<string, z.ZodType>>(build: () => T): T => {
  let built: T | undefined;
  const shape = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(shape(), key),
    has: (_, key) => Reflect.has(shape(), key),
    ownKeys: () => Reflect.ownKeys(shape()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(shape(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
};

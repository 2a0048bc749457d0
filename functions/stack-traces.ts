import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

// Stack traces in the logs name the TypeScript (file, line, column, function),
// as Node's --enable-source-maps did, but the source map is read when the
// first stack trace is formatted, not when the bundle loads. With the flag,
// Node read and parsed the 0.3-0.6 MB map at every cold start, whether or not
// anything was ever logged with a stack: 15-37 ms, 0.12-0.30 of the empty handler's cold
// start (bench/RESULTS.md, "Cold start, round 3"). The first trace formatted
// in an environment pays for the map instead (Node's SourceMap decodes every
// segment: 90-160 ms of CPU for the API groups' maps, as with the flag).
// Installed by functions/lambda-stack-traces.ts, which only the Lambda
// bundles contain.

type CallSite = NodeJS.CallSite & { getEnclosingLineNumber?(): number | null; getEnclosingColumnNumber?(): number | null };

/** The mapped position of a 1-based line and column of the bundle, if the map has one. */
type Lookup = (line: number, column: number) => { source: string; line: number; column: number; name?: string } | undefined;

/** `bundleFile`'s stack frames mapped through `${bundleFile}.map`, read on the first lookup; without a readable map, none. */
export const sourceMapLookup = (bundleFile: string): Lookup => {
  let map: SourceMap | null | undefined;
  const dir = path.dirname(bundleFile);
  return (line, column) => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
    }
    // `name` (the symbol's original name) is in Node's entries since 20, not yet in @types/node's type.
    const entry = map?.findEntry(line - 1, column - 1) as (ReturnType<SourceMap['findEntry']> & { name?: string }) | undefined;
    if (!entry || !('originalSource' in entry) || entry.originalSource === undefined) return undefined;
    return {
      source: path.resolve(dir, entry.originalSource),
      line: entry.originalLine + 1,
      column: entry.originalColumn + 1,
      ...(entry.name ? { name: entry.name } : {}),
    };
  };
};

const header = (error: Error): string => {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
};

/**
 * One frame as V8 writes it, with a frame in the bundle moved to its
 * TypeScript: its file, line and column, and the function's original name
 * found as Node finds it (the map's name at the start of the enclosing
 * function, else at the caller's call, when the caller is in the bundle too).
 */
const frameText = (frames: CallSite[], index: number, bundleFile: string, lookup: Lookup): string => {
  const frame = frames[index]!;
  const text = String(frame);
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (frame.getFileName() !== bundleFile || line === null || column === null) return text;
  const at = lookup(line, column);
  if (!at) return text;
  const enclosingLine = frame.getEnclosingLineNumber?.();
  const enclosingColumn = frame.getEnclosingColumnNumber?.();
  const caller = frames[index + 1];
  const callerLine = caller?.getFileName() === bundleFile ? caller.getLineNumber() : null;
  const callerColumn = caller?.getColumnNumber() ?? null;
  const name =
    (enclosingLine && enclosingColumn ? lookup(enclosingLine, enclosingColumn)?.name : undefined) ??
    (callerLine && callerColumn ? lookup(callerLine, callerColumn)?.name : undefined);
  const typeName = frame.getTypeName();
  const v8Name = frame.getFunctionName() ?? frame.getMethodName();
  const prefix = `${frame.isAsync() ? 'async ' : ''}${frame.isConstructor() ? 'new ' : ''}`;
  return `${prefix}${name ?? `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${v8Name ?? '<anonymous>'}`} (${at.source}:${at.line}:${at.column})`;
};

/** Formats every error's stack with the bundle's frames mapped (V8's Error.prepareStackTrace hook). */
export const mapStackTraces = (bundleFile: string): void => {
  const lookup = sourceMapLookup(bundleFile);
  Error.prepareStackTrace = (error: Error, frames: CallSite[]) =>
    [header(error), ...frames.map((_, index) => `    at ${frameText(frames, index, bundleFile, lookup)}`)].join('\n');
};

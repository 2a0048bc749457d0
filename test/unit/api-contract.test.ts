import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { ROUTE_CONTRACTS, type RouteContract } from '../../functions/contracts/index.js';
import { openApiDocument } from '../../functions/contracts/openapi.js';
import { HTTP_METHODS, OpenApiDocumentSchema } from '../../functions/contracts/openapi-document.js';
import { OPENAPI_FILE, openApiText } from '../../scripts/openapi.js';

// One contract: every route of the routes table declares what it answers
// (functions/contracts), GET /openapi.json and docs/openapi.json are made
// from those declarations, and the document is well-formed OpenAPI 3.1.

const refsIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(refsIn)
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)))
      : [];

/**
 * Whether a JSON Schema (zod's output side) names its fields: an object with
 * properties, a union of such, or a reference to a component. `{}`, a bare
 * `type: object` or a record is an answer whose shape nobody wrote down.
 */
const namesItsFields = (schema: Record<string, unknown>): boolean => {
  if (typeof schema.$ref === 'string') return true;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key] as Record<string, unknown>[] | undefined;
    if (options) return options.length > 0 && options.every(namesItsFields);
  }
  // `{}` strictly (RetrySchema) is a shape too: nothing may be sent.
  return (
    schema.type === 'object' &&
    typeof schema.properties === 'object' &&
    (Object.keys(schema.properties as object).length > 0 || schema.additionalProperties === false)
  );
};

describe('the API contract', () => {
  it('declares the fields of every JSON answer, and of every JSON body a route reads', () => {
    const vague: string[] = [];
    for (const [key, contract] of Object.entries(ROUTE_CONTRACTS) as [string, RouteContract][]) {
      if (contract.html) continue;
      for (const [status, schema] of Object.entries(contract.responses)) {
        if (schema && !namesItsFields(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>))
          vague.push(`${key} ${status}`);
      }
      if (contract.body && !namesItsFields(z.toJSONSchema(contract.body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>))
        vague.push(`${key} body`);
    }
    expect(vague, 'answers or bodies declared as any object').toEqual([]);
    // And the check tells: an object of anything, or anything at all, is refused.
    expect(
      namesItsFields(
        z.toJSONSchema(
          z.custom<object>((v) => typeof v === 'object'),
          { unrepresentable: 'any' },
        ) as Record<string, unknown>,
      ),
    ).toBe(false);
    expect(namesItsFields(z.toJSONSchema(z.record(z.string(), z.unknown())) as Record<string, unknown>)).toBe(false);
  });

  it('declares both shapes of a route whose answer is projected for someone outside the team: the whole, and its figures', () => {
    /** A union of two shapes, or a page whose items are one. */
    const twoShapes = (schema: z.ZodType | null | undefined): boolean =>
      schema instanceof z.ZodUnion
        ? schema.options.length >= 2
        : schema instanceof z.ZodObject && schema.shape.items instanceof z.ZodArray && twoShapes(schema.shape.items.element as z.ZodType);
    const projected = API_ROUTES.filter((r) => r.data === 'projected').map(routeKey);
    expect(projected.length).toBeGreaterThan(0);
    const single = projected.filter((key) => !twoShapes((ROUTE_CONTRACTS as Record<string, RouteContract>)[key]!.responses[200]));
    expect(single, 'projected routes that declare one shape').toEqual([]);
  });

  it('declares the body and the query of every route whose handler reads one', () => {
    const undeclared: string[] = [];
    let bodies = 0;
    let queries = 0;
    for (const route of API_ROUTES) {
      const key = routeKey(route);
      const contract = (ROUTE_CONTRACTS as Record<string, RouteContract>)[key]!;
      const source = readFileSync(new URL(`../../functions/api/${route.handler}.ts`, import.meta.url), 'utf8');
      if (/\b(jsonBody|readBody|parseJson|rawBody)\(/.test(source)) {
        bodies++;
        if (!contract.body && !contract.bodyAlso) undeclared.push(`${key}: body`);
      }
      if (/queryStringParameters|\b[a-z]\w*Query\(event\)/.test(source)) {
        queries++;
        if (!contract.query) undeclared.push(`${key}: query`);
      }
    }
    // The scan sees the handlers it is about (so a renamed helper cannot make it pass by seeing nothing).
    expect(bodies).toBeGreaterThanOrEqual(25);
    expect(queries).toBeGreaterThanOrEqual(9);
    expect(undeclared, 'handlers that read a body or query their contract does not declare').toEqual([]);
  });

  it('declares a response schema for every route of the routes table, and nothing else', () => {
    const declared = new Set(Object.keys(ROUTE_CONTRACTS));
    const missing = API_ROUTES.map(routeKey).filter((key) => !declared.has(key));
    expect(missing, 'routes without a contract in functions/contracts/index.ts').toEqual([]);
    const unrouted = [...declared].filter((key) => !API_ROUTES.some((r) => routeKey(r) === key));
    expect(unrouted, 'contracts of routes the routes table does not have').toEqual([]);
    for (const [key, contract] of Object.entries(ROUTE_CONTRACTS)) {
      expect(Object.keys(contract.responses).length, `${key} declares no response`).toBeGreaterThan(0);
      for (const status of Object.keys(contract.responses)) expect(Number(status), key).toBeGreaterThanOrEqual(200);
    }
  });

  it('refuses to make a document for a route without a contract, naming it', () => {
    expect(() => openApiDocument([...API_ROUTES, { method: 'GET', path: '/pilots/{pilotId}/nothing', handler: 'nothing', access: 'read' }])).toThrow(
      'route GET /pilots/{pilotId}/nothing has no contract',
    );
  });

  it('is a well-formed OpenAPI 3.1 document covering every route, its references resolved and its path parameters declared', () => {
    const doc = openApiDocument(API_ROUTES);
    expect(OpenApiDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.openapi).toBe('3.1.0');

    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, op: item[m]! })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual(API_ROUTES.map(routeKey).sort());
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);

    for (const { key, path, op } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name);
      expect(op.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [], key).toEqual(inPath);
      expect(Object.keys(op.responses), key).toContain('default');
      const route = API_ROUTES.find((r) => routeKey(r) === key)!;
      // A signed route (webhook, links) takes no token; every other one needs the bearer token.
      expect(op.security, key).toEqual(route.access === 'signed' ? [] : [{ bearer: [] }]);
    }

    const components = new Set(Object.keys(doc.components.schemas));
    const dangling = refsIn(doc).filter((ref) => !components.has(ref.replace('#/components/schemas/', '')));
    expect(dangling).toEqual([]);
    // Shared shapes are written once and referenced.
    for (const name of ['Pilot', 'PilotView', 'PilotFigures', 'Participant', 'FieldIssue', 'ErrorBody', 'PilotInput', 'OutcomeViewAnswer'])
      expect(components.has(name), name).toBe(true);
  });

  it('describes a request as a client sends it and an answer as the API sends it', () => {
    const { schemas } = openApiDocument(API_ROUTES).components as { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    // followUpMonths has a default: optional to send, always there in the answer.
    expect(schemas.PilotInput!.required).not.toContain('followUpMonths');
    expect(schemas.Pilot!.required).toContain('followUpMonths');
    // Every field issue has its stable code.
    expect(schemas.FieldIssue!.required).toEqual(expect.arrayContaining(['path', 'code']));
  });

  it('is checked in as docs/openapi.json exactly as `npm run openapi` writes it', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8'), 'docs/openapi.json is stale: run npm run openapi').toBe(openApiText());
  });
});

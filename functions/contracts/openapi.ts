import * as z from 'zod';
import * as audit from './audit.js';
import * as common from './common.js';
import * as companies from './companies.js';
import { ROUTE_CONTRACTS, type RouteContract } from './index.js';
import * as document from './openapi-document.js';
import { OpenApiDocumentSchema, type OpenApiDocument } from './openapi-document.js';
import * as outcome from './outcome.js';
import * as participants from './participants.js';
import * as pilots from './pilots.js';
import * as privacy from './privacy.js';
import * as survey from './survey.js';
import * as vouchers from './vouchers.js';

// The API as OpenAPI 3.1, made from the route contracts with zod's own JSON
// Schema output (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Request
// bodies are described as a client sends them (zod's input side: defaults
// optional), answers as the API sends them (the output side). Each schema
// exported by a contract module is a component named after its export
// (`PilotSchema` -> `Pilot`), so a shape used by many routes is written once.
// Pure: the routes table is handed in (functions/api/routes.ts).

export interface RouteEntry {
  method: string;
  path: string;
  handler: string;
  access: string;
}

export const OPENAPI_VERSION = '3.1.0';

/** Every exported zod schema of the contract modules, by its component name. */
const namedSchemas = (): Map<z.ZodType, string> => {
  const names = new Map<z.ZodType, string>();
  for (const module of [common, pilots, participants, vouchers, outcome, survey, privacy, companies, audit, document]) {
    for (const [exported, value] of Object.entries(module)) {
      if (value instanceof z.ZodType && !names.has(value)) names.set(value, exported.replace(/Schema$/, ''));
    }
  }
  return names;
};

const camel = (handler: string) => handler.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The JSON Schema of each schema in `schemas` (by name), one side of zod's transforms, with $refs between them. */
const components = (schemas: Map<string, z.ZodType>, io: 'input' | 'output'): Record<string, Record<string, unknown>> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of schemas) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  // Each is a component of this document, not a document of its own.
  return Object.fromEntries(Object.entries(out).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest]));
};

/** The OpenAPI document of `routes`; throws when a route has no contract (the test says which). */
export const openApiDocument = (routes: readonly RouteEntry[], version = '0.1.0'): OpenApiDocument => {
  const contracts = ROUTE_CONTRACTS as Record<string, RouteContract>;
  const named = namedSchemas();
  const requests = new Map<string, z.ZodType>();
  // Shapes that recur inside answers: components of their own, referenced where they occur.
  const responses = new Map<string, z.ZodType>(
    [
      common.ErrorBodySchema,
      common.FieldIssueSchema,
      pilots.PilotSchema,
      pilots.PilotViewSchema,
      pilots.PilotFiguresSchema,
      participants.ParticipantSchema,
      companies.CompanySchema,
      audit.AuditEntrySchema,
      outcome.OutcomeSchema,
      outcome.EvaluationSchema,
      survey.SurveyResultsSchema,
      survey.Ratio,
      survey.Interval,
      privacy.AccessEntrySchema,
    ].map((s) => [named.get(s)!, s]),
  );
  const answered = new Set(Object.values(contracts).flatMap((c) => Object.values(c.responses)));
  const nameFor = (schema: z.ZodType, fallback: string, side: 'request' | 'response') => {
    const name = named.get(schema) ?? fallback;
    // One schema sent and answered is two components: what is sent and what comes back differ by defaults.
    const id = side === 'request' && answered.has(schema) ? `${name}Input` : name;
    (side === 'request' ? requests : responses).set(id, schema);
    return { $ref: `#/components/schemas/${id}` };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const contract = contracts[key];
    if (!contract) throw new Error(`route ${key} has no contract in functions/contracts/index.ts`);
    const operationId = camel(route.handler);
    const parameters: Record<string, unknown>[] = [...route.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
      name: name!,
      in: 'path',
      required: true,
      schema: name === 'token' ? { type: 'string' } : { type: 'string', format: 'uuid' },
    }));
    if (contract.query) {
      const query = z.toJSONSchema(contract.query, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const content: Record<string, { schema: Record<string, unknown> }> = {};
    if (contract.body) content['application/json'] = { schema: nameFor(contract.body, `${operationId}Request`, 'request') };
    for (const type of contract.bodyAlso ?? []) content[type] = { schema: { type: 'string' } };

    const answers: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(contract.responses)) {
      answers[status] =
        schema === null
          ? { description: Number(status) >= 300 ? 'A redirect: see the Location header' : 'No content' }
          : {
              description: 'Success',
              content: contract.html
                ? { 'text/html': { schema: { type: 'string' } } }
                : {
                    'application/json': { schema: nameFor(schema, `${operationId}Response${status}`, 'response') },
                    ...(contract.htmlAlso ? { 'text/html': { schema: { type: 'string' } } } : {}),
                  },
            };
    }
    if (route.access !== 'signed') answers['401'] = { description: "No valid bearer token: the authorizer's answer (on AWS, API Gateway's own body)" };
    answers.default = {
      description: 'An error: `error` is its stable code; a 400 names its fields in `issues` (each with a `code`), a 409 says why in `reason`',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };

    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId,
      summary: contract.summary,
      tags: [route.path.split('/')[1]!],
      security: route.access === 'signed' ? [] : [{ bearer: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(Object.keys(content).length > 0 ? { requestBody: { required: !contract.bodyOptional, content } } : {}),
      responses: answers,
    };
  }

  return OpenApiDocumentSchema.parse({
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Pilot orchestrator API',
      version,
      description:
        "Jobcenter København's pilot projects: the consultants' API (a Cognito ID token whose `cognito:groups` gives the role: consultant reads and writes, management reads), the partner companies' signed webhook and e-mail links. Generated from functions/contracts by `npm run openapi`.",
    },
    paths,
    components: {
      schemas: { ...components(requests, 'input'), ...components(responses, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token (locally: `npm run token -- consultant`)' },
      },
    },
  });
};

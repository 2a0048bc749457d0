import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { API_ROUTES } from '../../functions/api/routes.js';
import { openApiDocument } from '../../functions/contracts/openapi.js';

// The published document (GET /openapi.json) held against real traffic with a
// JSON Schema validator of its own (Ajv, draft 2020-12), not with zod: what
// zod accepts and what its JSON Schema output says can differ (a strict side
// of an intersection, a transform), and a client of the document only has the
// latter. test/support/contract.ts calls these for every answer and every JSON
// body the API accepted.

const doc = openApiDocument(API_ROUTES);
// Formats are checked by zod already (and by patterns in the document); the shapes are what is checked here.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'openapi.json', components: { schemas: doc.components.schemas } });

const compiled = new Map<string, ValidateFunction | null>();
const validatorOf = (cacheKey: string, schema: Record<string, unknown> | undefined): ValidateFunction | null => {
  if (!compiled.has(cacheKey)) {
    const ref = typeof schema?.$ref === 'string' ? `openapi.json${schema.$ref}` : undefined;
    compiled.set(cacheKey, schema ? ajv.compile(ref ? { $ref: ref } : schema) : null);
  }
  return compiled.get(cacheKey)!;
};

type Operation = {
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
const operationOf = (method: string, path: string) => (doc.paths[path] as Record<string, Operation | undefined> | undefined)?.[method.toLowerCase()];

const problems = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
    .join('; ');

/** Why the document refuses this JSON answer of `method path` with `status`, or undefined when it takes it. */
export const documentRefusesAnswer = (method: string, path: string, status: number, body: unknown): string | undefined => {
  const schema = operationOf(method, path)?.responses[String(status)]?.content?.['application/json']?.schema;
  const validate = validatorOf(`${method} ${path} ${status}`, schema);
  return validate && !validate(body) ? problems(validate) : undefined;
};

/** Why the document refuses this JSON body of `method path`, or undefined when it takes it. */
export const documentRefusesBody = (method: string, path: string, body: unknown): string | undefined => {
  const schema = operationOf(method, path)?.requestBody?.content['application/json']?.schema;
  const validate = validatorOf(`${method} ${path} body`, schema);
  return validate && !validate(body) ? problems(validate) : undefined;
};

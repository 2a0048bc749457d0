import * as z from 'zod';

// The subset of OpenAPI 3.1 that openapi.ts emits, as a schema: the answer
// of GET /openapi.json, and what the contract test checks the generated
// document against (with its $refs resolved and its path parameters
// declared). Strict, so a key OpenAPI does not know fails.

const JsonSchema = z.record(z.string(), z.unknown());
const Content = z.record(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/), z.object({ schema: JsonSchema }).strict());

const Parameter = z
  .object({
    name: z.string().min(1),
    in: z.enum(['path', 'query', 'header']),
    required: z.boolean().optional(),
    description: z.string().optional(),
    schema: JsonSchema,
  })
  .strict()
  .refine((p) => p.in !== 'path' || p.required === true, { message: 'a path parameter is required', params: { code: 'path_parameter_required' } });

const Response = z.object({ description: z.string(), content: Content.optional() }).strict();

const Operation = z
  .object({
    operationId: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    summary: z.string(),
    tags: z.array(z.string()).optional(),
    security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
    parameters: z.array(Parameter).optional(),
    requestBody: z.object({ required: z.boolean().optional(), content: Content }).strict().optional(),
    responses: z.record(z.string().regex(/^([1-5]\d\d|default)$/), Response),
  })
  .strict();

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export const OpenApiDocumentSchema = z
  .object({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }).strict(),
    paths: z.record(z.string().regex(/^\//), z.object(Object.fromEntries(HTTP_METHODS.map((m) => [m, Operation.optional()]))).strict()),
    components: z
      .object({
        schemas: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), JsonSchema),
        securitySchemes: z.record(
          z.string(),
          z.object({ type: z.literal('http'), scheme: z.literal('bearer'), bearerFormat: z.string().optional(), description: z.string().optional() }).strict(),
        ),
      })
      .strict(),
  })
  .strict();

export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

// The layers of this repository, checked by `npm run lint` (the README's "How it is built"):
//   handlers (api/, webhooks/, steps/) -> services/ -> domain/ and store/; ports/ are interfaces,
//   adapters/ implement them, and each runtime wires them in one place (functions/wiring.ts for
//   Lambda, infra/local/runtime.ts locally); the handler wrappers hand them to the services in the context. The page (web/) shares only types and pure rules.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A circle of imports has no bottom: none of its modules can be read, tested or moved alone. ' +
        'Split the module that does two jobs so the arrows point one way.',
      from: { path: '^(functions|infra|web)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'functions/domain holds the rules: it imports only other domain modules and pure libraries ' +
        '(zod, csv-parse), never the store, services, adapters, AWS or the network.',
      from: { path: '^functions/domain/' },
      to: {
        pathNot: ['^functions/domain/', '^node_modules/(zod|csv-parse)/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-no-io-builtins',
      severity: 'error',
      comment: 'Rules do not read files, sockets or processes; node:crypto is allowed for hashing.',
      from: { path: '^functions/domain/' },
      to: { dependencyTypes: ['core'], pathNot: ['^(node:)?crypto$'] },
    },
    {
      name: 'contracts-are-pure',
      severity: 'error',
      comment:
        "functions/contracts holds the API's request and response shapes: zod schemas over the domain's " +
        'rules and vocabulary, nothing else, so the page can take its types from them and the OpenAPI ' +
        'document is made from them alone.',
      from: { path: '^functions/contracts/' },
      to: {
        pathNot: ['^functions/contracts/', '^functions/domain/', '^node_modules/zod/'],
      },
    },
    {
      name: 'ports-know-no-adapters',
      severity: 'error',
      comment:
        'A port names what the code needs from the world; which implementation answers is decided ' +
        'where each runtime is composed (functions/wiring.ts, infra/local/runtime.ts).',
      from: { path: '^functions/ports/' },
      to: { path: ['^functions/adapters/', '^infra/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'ports-come-in-the-context',
      severity: 'error',
      comment:
        'A service takes its ports from the context it is given (ctx.ports.scheduler), which the handler ' +
        'wrappers (functions/http, functions/steps) make from what the composition root provided; nothing ' +
        'below them reaches for the runtime itself, so a test or another runtime hands in its own.',
      from: { path: '^functions/(services|store|domain|contracts|api|mail|ports|adapters)/' },
      to: { path: '^functions/composition\\.ts$' },
    },
    {
      name: 'services-and-handlers-know-no-adapters',
      severity: 'error',
      comment:
        'Services and API handlers get the ports they use; they do not pick an AWS or local ' +
        'implementation themselves, so the same code runs on Lambda and locally.',
      from: { path: '^functions/(services|api)/' },
      to: { path: ['^functions/adapters/', '^infra/'] },
    },
    {
      name: 'only-the-store-speaks-dynamodb',
      severity: 'error',
      comment:
        'DynamoDB items, keys and condition expressions live in functions/store, one named ' +
        'operation per access; services, handlers and their wrappers call those operations (the local ' +
        'adapters keep their own items: the local scheduler and engine stand in for AWS services).',
      from: { path: '^functions/', pathNot: '^functions/(store|adapters)/' },
      to: { path: '^node_modules/@aws-sdk/lib-dynamodb/' },
    },
    {
      name: 'web-shares-only-pure-modules',
      severity: 'error',
      comment:
        'The page is bundled for the browser: from functions/ it imports only the pure rules in ' +
        'functions/domain and the API contracts in functions/contracts (below).',
      from: { path: '^web/src/' },
      to: {
        path: '^functions/',
        pathNot: ['^functions/domain/', '^functions/contracts/'],
      },
    },
    {
      name: 'web-takes-only-types-from-contracts',
      severity: 'error',
      comment:
        "The page's API client is typed by the contracts (z.infer), so the page and the API cannot " +
        'disagree; it takes their types only, so the schemas and zod stay out of its bundle.',
      from: { path: '^web/src/' },
      to: {
        path: '^functions/contracts/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/', '^dist/'] },
    // Type-only imports are edges too: a circle of types still ties the modules together, and the
    // web rule needs to tell a type from code.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    // The project imports its TypeScript files with .js suffixes (NodeNext).
    extraExtensionsToScan: [],
  },
};

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DefinitionBody } from 'aws-cdk-lib/aws-stepfunctions';
import { PROJECT_ROOT } from './project-function.js';

/** A `${Name}` placeholder, as Step Functions' DefinitionSubstitutions fills it in. */
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The placeholder names a definition uses. */
export const placeholdersOf = (definition: string): Set<string> => new Set([...definition.matchAll(PLACEHOLDER)].map((match) => match[1]!));

/**
 * The `definitionBody` and `definitionSubstitutions` of a StateMachine for an
 * ASL file of workflows/ (path relative to the repository root), the same file
 * the local engine runs.
 *
 * Fails synthesis if a placeholder has no substitution (Step Functions would
 * otherwise accept the literal `${Name}` and fail only when the state runs,
 * months into a pilot) or a substitution matches no placeholder (a misspelt
 * key, which leaves the real placeholder unfilled).
 *
 * Inlined with fromString rather than fromFile: fromFile uploads an S3 asset,
 * whereas an inline DefinitionString shows in the template, its diff and its
 * assertions.
 */
export const aslDefinition = (file: string, substitutions: Record<string, string>) => {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON`, { cause: error });
  }
  const placeholders = placeholdersOf(text);
  const missing = [...placeholders].filter((name) => !Object.hasOwn(substitutions, name));
  if (missing.length > 0) {
    throw new Error(`${file} uses ${missing.map((name) => `\${${name}}`).join(', ')} but no substitution is given for it`);
  }
  const unused = Object.keys(substitutions).filter((name) => !placeholders.has(name));
  if (unused.length > 0) {
    throw new Error(`substitutions ${unused.join(', ')} match no placeholder in ${file}`);
  }
  return { definitionBody: DefinitionBody.fromString(text), definitionSubstitutions: substitutions };
};

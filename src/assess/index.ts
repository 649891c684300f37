/** The assess stage's door: claims, law mapping and policy evaluation over a finished report model. */
export { assessClaims } from './claims/index.js';
export { lawsForFinding, lawsForFindings, lawsForDestinations, loadLaws } from './laws.js';
export { loadPolicy, parsePolicy, evaluatePolicy } from './policy.js';
export { matchesDataType } from './patterns.js';
export * from './types.js';
export type { AssessInput, LawInput } from './input.js';
export {
  checkDeclarations, loadDeclaration, parseDeclaration, declarationKindOf, loadStoreTypes, draftDeclaration, DECLARATION_SCHEMA,
  type DraftDeclaration, type DeclarationCheck, type DeclarationFile, type DeclarationInput, type DeclarationKind, type OwnStatement,
} from './declarations/index.js';
export type { LawRule, Regime, LawsFile, LawCondition } from './laws-schema.js';

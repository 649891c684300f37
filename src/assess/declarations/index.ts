/**
 * Declared versus observed (issue #15): vendor statements — a Google Play Data safety record, an App Store privacy
 * record, telltale.declaration/1 — each checked against the capture: contradicted (with the findings), consistent, or
 * unverifiable (with what would settle it). Storage locations are not visible in traffic; server countries are, and
 * are reported as such, never as storage.
 */
import type { DeclarationResult, DeclarationSource } from '../../model.js';
import { evidenceOf, type DeclarationInput } from './evidence.js';
import type { DeclarationFile } from './formats.js';
import { checkOwn } from './own.js';
import { toResult } from './outcome.js';
import { checkApple, checkPlay } from './store.js';

export { loadDeclaration, parseDeclaration, declarationKindOf, DECLARATION_SCHEMA } from './formats.js';
export type { DeclarationFile, DeclarationKind, OwnStatement, PlayRecord, AppleRecord } from './formats.js';
export type { DeclarationInput } from './evidence.js';
export { loadStoreTypes, type StoreTypes, type StoreType } from './store-types.js';
export { draftDeclaration, type DraftDeclaration, type DataSafetySheetEntry } from './draft.js';

export interface DeclarationCheck {
  declarations: DeclarationResult[];
  sources: DeclarationSource[];
  warnings: string[];
}

/** Checks every statement of every file, in file order then statement order. */
export function checkDeclarations(files: readonly DeclarationFile[], input: DeclarationInput): DeclarationCheck {
  const ev = evidenceOf(input);
  const declarations: DeclarationResult[] = [];
  const sources: DeclarationSource[] = [];
  const warnings: string[] = [];
  files.forEach((file, source) => {
    const facts: DeclarationSource = { path: file.path, sha256: file.sha256, bytes: file.bytes, kind: file.kind };
    switch (file.kind) {
      case 'telltale-declaration':
        facts.origin = file.source;
        for (const s of file.statements) declarations.push(toResult({ source, id: s.id, kind: s.kind, text: s.text }, checkOwn(s, ev)));
        break;
      case 'play-data-safety':
      case 'app-store-privacy': {
        const check = file.kind === 'play-data-safety' ? checkPlay(file.record, source, ev) : checkApple(file.record, source, ev);
        const origin = file.kind === 'play-data-safety' ? file.record.privacyPolicyUrl : file.record.managePrivacyChoicesUrl;
        if (origin) facts.origin = origin;
        declarations.push(...check.results);
        if (check.unknownNames.length > 0) {
          facts.unknownNames = check.unknownNames;
          warnings.push(`declarations: ${file.path} names ${check.unknownNames.length} data type(s) telltale's table does not know (${check.unknownNames.join(', ')}); they are reported as unverifiable`);
        }
        break;
      }
    }
    sources.push(facts);
  });
  return { declarations, sources, warnings };
}

/**
 * SARIF 2.1.0 for code-scanning UIs. With a policy, each violation is a result (level error); without one, each
 * confirmed or likely finding is a result (warning/note), its rule being the data type. Every declaration statement
 * the capture contradicts is a result too (level error), located in the declaration file and citing its findings.
 */
import type { Report, ReportFinding } from '../model.js';
import { cmp } from '../util/compare.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string>;
}

/** A contradicted declaration statement, located in its declaration file. */
function declarationResults(report: Report): SarifResult[] {
  return (report.declarations ?? []).filter((d) => d.verdict === 'contradicted').map((d) => ({
    ruleId: 'declaration-contradicted',
    level: 'error' as const,
    message: { text: `"${d.statement}" is contradicted by ${d.findings.join(', ')}: ${d.why}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: report.declarationSources?.[d.source]?.path ?? `declaration-${d.source}` } },
      logicalLocations: [{ fullyQualifiedName: `statement ${d.id ?? d.statement}` }],
    }],
    partialFingerprints: { declarationStatement: `${d.source}:${d.id ?? d.statement}` },
    properties: { verdict: d.verdict, findings: d.findings.join(','), kind: d.kind ?? '' },
  }));
}

function locationOf(report: Report, f: ReportFinding): SarifResult['locations'] {
  const uri = report.inputs[f.source.input]?.path ?? `input-${f.source.input}`;
  return [{
    physicalLocation: { artifactLocation: { uri } },
    logicalLocations: [{ fullyQualifiedName: `entry[${f.source.index}] ${f.method} ${f.host} ${f.path}` }],
  }];
}

function findingProperties(f: ReportFinding): Record<string, string> {
  return { dataType: f.dataType, host: f.host, phase: f.phase, confidence: f.confidence, time: f.time };
}

export function renderSarif(report: Report): string {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const results: SarifResult[] = [];
  if (report.violations) {
    for (const v of report.violations) {
      const f = byId.get(v.finding);
      // Declaration limits are reported below, one result per contradicted statement.
      if (!f || v.declaration !== undefined) continue;
      results.push({
        ruleId: v.rule, level: 'error', message: { text: v.message }, locations: locationOf(report, f),
        partialFingerprints: { findingId: f.id }, properties: findingProperties(f),
      });
    }
  } else {
    for (const f of report.findings) {
      if (f.confidence === 'possible') continue;
      results.push({
        ruleId: f.dataType,
        level: f.confidence === 'confirmed' ? 'warning' : 'note',
        message: { text: `${f.dataType} sent to ${f.host} (${f.phase}) at ${f.path}` },
        locations: locationOf(report, f),
        partialFingerprints: { findingId: f.id },
        properties: findingProperties(f),
      });
    }
  }
  results.push(...declarationResults(report));
  const ruleIds = [...new Set(results.map((r) => r.ruleId))].sort(cmp);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'telltale', version: report.tool.version,
          rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })),
        },
      },
      artifacts: [...report.inputs, ...(report.declarationSources ?? [])].map((i) => ({
        location: { uri: i.path }, length: i.bytes, hashes: { 'sha-256': i.sha256 },
      })),
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

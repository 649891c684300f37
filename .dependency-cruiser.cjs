/**
 * The architecture of docs/architecture.md as rules (`npm run check:architecture`, inside `npm test`).
 * Stages in pipeline order: a stage may import earlier stages only, and only through their door (index.ts, or the
 * types.ts data model). Shared data/helpers sit below every stage; orchestrators sit above them; faces on top.
 */
const STAGES = ['ingest', 'decode', 'detect', 'attribute', 'correlate', 'timeline', 'assess', 'report'];
/** Below the stages: anyone may use them; they use no stage. */
const SHARED = ['util', 'catalog'];
/** Static app analysis: a side stage that assess joins with traffic. */
const SIDE = ['appscan'];
/** Orchestrators: run the stages (analysis, live capture, batch and fleet, persistence). */
const ORCHESTRATORS = ['pipeline', 'capture', 'scale', 'store', 'scenarios'];
/** Faces: parse arguments or HTTP requests and call the library (src/index.ts). No logic. */
const FACES = ['cli', 'server'];

const any = (names) => `^src/(${names.join('|')})/`;

const laterStageRules = STAGES.slice(0, -1).map((stage, i) => ({
  name: `stage-order-${stage}`,
  comment: `${stage}/ runs before ${STAGES.slice(i + 1).join(', ')}: data flows one way, so it may not import them`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: { path: any(STAGES.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    ...laterStageRules,
    {
      name: 'no-circular',
      comment: 'no import cycles between modules',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'stage-doors',
      comment: "a stage is entered only through its index.ts (or its types.ts data model) from outside its folder",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: any([...STAGES, ...SIDE, ...SHARED.filter((s) => s !== 'util'), ...ORCHESTRATORS]),
        pathNot: ['^src/$1/', '^src/[^/]+/(index|types)\\.ts$'],
      },
    },
    {
      name: 'stages-use-no-orchestrator-or-face',
      comment: 'stages know nothing of who runs them',
      severity: 'error',
      from: { path: any([...STAGES, ...SIDE, ...SHARED]) },
      to: { path: [any([...ORCHESTRATORS, ...FACES]), '^src/index\\.ts$'] },
    },
    {
      name: 'shared-uses-no-stage',
      comment: 'catalog/ and util/ are data and helpers: they import no stage',
      severity: 'error',
      from: { path: any(SHARED) },
      to: { path: [any([...STAGES, ...SIDE]), '^src/model\\.ts$'] },
    },
    {
      name: 'report-reads-the-model',
      comment: 'report/ renders a finished report model (src/model.ts); it never reaches into how it was computed',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: any([...STAGES.filter((s) => s !== 'report'), ...SIDE]) },
    },
    {
      name: 'faces-call-the-library',
      comment: 'cli/ and server/ only parse and call: they import the library face (src/index.ts), not its parts',
      severity: 'error',
      from: { path: any(FACES) },
      to: { path: '^src/', pathNot: [any(FACES), '^src/(index|errors|version)\\.ts$'] },
    },
    {
      name: 'nothing-imports-a-face',
      severity: 'error',
      from: { path: '^src/', pathNot: any(FACES) },
      to: { path: any(FACES) },
    },
    {
      name: 'no-orphans',
      comment: 'a module nobody imports is dead code',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: ['\\.d\\.ts$', '^src/index\\.ts$', '^src/cli/index\\.ts$'] },
      to: {},
    },
    {
      name: 'no-dev-deps-in-src',
      comment: 'the shipped code may not need a devDependency',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};

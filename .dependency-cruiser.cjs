// The arrows of the README's Architecture picture, checked by `npm run lint` (so by CI) with dependency-cruiser.
// One rule per arrow; its comment is the line printed when an import crosses it.
const projectFolders = 'domain|workflows|activities|services|api|web|db|app|bin|test|bench';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports no project folder but domain/ (pure rules, no I/O)',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: `^(${projectFolders.replace('domain|', '')})/` },
    },
    {
      name: 'workflows-only-types-of-activities',
      comment: 'workflows/ import only types of activities/ (import type …): activities run outside the sandbox',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-deterministic',
      comment: 'workflows/ import domain/, workflows/ and types of activities/, never db, api, web, services or app',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(db|api|web|services|app|bin)/' },
    },
    {
      name: 'inner-rooms-not-to-http',
      comment:
        'activities/, db/ and services/ do not import the HTTP surface (api/, web/): move shared logic to services/',
      severity: 'error',
      from: { path: '^(activities|db|services)/' },
      to: { path: '^(api|web)/' },
    },
    {
      name: 'http-reaches-workflows-by-contract',
      comment:
        'api/, web/ and services/ start and signal workflows through their contracts (workflows/*-contract.ts, search attributes); workflow and activity code only as types',
      severity: 'error',
      from: { path: '^(api|web|services)/' },
      to: {
        path: '^(workflows|activities)/',
        pathNot: '^workflows/([a-z-]+-contract|search-attributes)[.]ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'web-not-to-db',
      comment: 'web/ pages call services (or api/ read models), never db/ directly',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^db/' },
    },
    {
      name: 'nothing-imports-bin',
      comment: 'bin/ holds entry points only: import the process assembly from app/ instead',
      severity: 'error',
      from: { pathNot: '^bin/' },
      to: { path: '^bin/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|[.]tools|[.]data)/' },
    // See `import type` as an import, marked 'type-only', so workflows may import types of activities and nothing else.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: false } },
  },
};

/**
 * dependency-cruiser rules for src/ (run with `npm run lint:deps`; CI runs it after the type check).
 *
 * Layout the rules protect:
 *   src/kernel/                       leaf: shared value types and helpers, imports only npm packages
 *   src/(db|graphql|audit|auth|cache)/  infrastructure: knows nothing about the domain modules
 *   src/modules/<name>/               one folder per domain module; other modules reach it only
 *                                     through src/modules/<name>/index.ts
 *   src/app/ + src/main.ts            composition root: the only place that wires modules together
 *
 * The one sanctioned exception is src/graphql/generated.ts (written by graphql-codegen from
 * codegen.ts): it names the entity classes and enums of the modules as mapper/enum types, and every
 * file imports it with `import type`. Its imports of modules are allowed when they are type-level
 * only, and cycles that only exist through it are not reported.
 *
 * "Type-level only" means a dependency that disappears from the compiled JavaScript: either an
 * `import type` (dependency type 'type-only') or a plain import whose names are only used as types
 * ('pre-compilation-only', which dependency-cruiser works out by transpiling each file with the
 * compiler options of tsconfig.json; hence tsPreCompilationDeps: 'specify' below).
 *
 * Runtime cycles are checked twice: by `no-circular` in this pass, and by a second pass
 * (DEPCRUISE_PASS=runtime, see the bottom of this file and the lint:deps script) that cruises only
 * the dependencies that survive compilation. The second pass exists because dependency-cruiser
 * records one cycle per dependency (the first one its depth-first search finds); when that first
 * cycle happens to run through generated.ts or through a type-only link, a rule with a
 * via/viaOnly exception would let a runtime cycle through the same dependency go unreported. In a
 * graph that only has runtime dependencies that cannot happen.
 */

/** src/graphql/generated.ts: see above. */
const GENERATED = '^src/graphql/generated\\.ts$';
/** Dependency types of imports that are gone after compilation. */
const TYPE_LEVEL = ['type-only', 'pre-compilation-only'];

const options = {
  doNotFollow: { path: 'node_modules' },
  // Spec files (*.spec.ts) are deliberately not excluded: the rules below apply to them too.
  // 'specify' = `true` (also cruise dependencies that vanish on compilation, e.g. `import type`)
  // plus the 'pre-compilation-only' label on those that do, which the rules below rely on.
  tsPreCompilationDeps: 'specify',
  tsConfig: { fileName: 'tsconfig.json' },
};

/** @type {import('dependency-cruiser').IConfiguration} */
const config = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import is part of a circular dependency between files in src/ (type-only imports count too). ' +
        'Break the cycle: move the shared piece into a file both can import (src/kernel/ for value types), ' +
        'or invert the dependency. Cycles that only exist through src/graphql/generated.ts are allowed ' +
        '(runtime cycles anywhere, that file included, are reported by no-circular-runtime in the second pass).',
      from: { path: '^src/' },
      to: {
        circular: true,
        viaOnly: { pathNot: GENERATED },
      },
    },
    {
      name: 'domain-free-no-modules',
      severity: 'error',
      comment:
        'Infrastructure (src/kernel, src/db, src/graphql, src/audit, src/auth, src/cache) must not depend on ' +
        'the domain modules (src/modules/) or on the composition root (src/app/). Let the module register ' +
        'itself with the infrastructure (or have src/app/ wire them together) instead.',
      from: { path: '^src/(kernel|db|graphql|audit|auth|cache)/', pathNot: GENERATED },
      to: { path: '^src/(modules|app)/' },
    },
    {
      name: 'domain-free-no-modules-generated',
      severity: 'error',
      comment:
        'src/graphql/generated.ts may name module types (graphql-codegen mappers/enumValues) but only at the ' +
        'type level: an import from it into src/modules/ or src/app/ that survives compilation is not allowed. ' +
        'Fix it in codegen.ts (e.g. useTypeImports: true) and re-run `npm run codegen`; do not edit the file. ' +
        '(Type-only imports of src/app/ from it are caught by not-to-app.)',
      from: { path: GENERATED },
      to: { path: '^src/(modules|app)/', dependencyTypesNot: TYPE_LEVEL },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment:
        'A module may use another module only through its public surface, src/modules/<name>/index.ts. ' +
        'Import from that index (export what you need from it) instead of reaching into the module\'s files. ' +
        'Imports inside the same module folder are free.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment:
        'This import between two module folders is part of a cycle between modules (src/modules/<a>/ -> ' +
        'src/modules/<b>/ -> ... -> src/modules/<a>/). Modules must form a directed acyclic graph: move ' +
        'what both need into one of them (or into src/kernel/), or let src/app/ wire them together.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/',
        pathNot: '^src/modules/$1/',
        circular: true,
        viaOnly: { path: '^src/modules/' },
      },
    },
    {
      name: 'kernel-is-a-leaf',
      severity: 'error',
      comment:
        'src/kernel/ is the bottom layer: it may import npm packages, Node built-ins and other kernel files, ' +
        'but nothing else from src/. Move the code it needs into src/kernel/ or pass it in as a parameter.',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'not-to-app',
      severity: 'error',
      comment:
        'src/app/ is the composition root; only src/main.ts and files inside src/app/ may import it. ' +
        'If something here needs what src/app/ builds, have src/app/ pass it in.',
      from: { pathNot: ['^src/app/', '^src/main\\.ts$'] },
      to: { path: '^src/app/' },
    },
  ],
  options,
};

/**
 * Second pass (`DEPCRUISE_PASS=runtime`): only the dependencies that survive compilation, and one rule.
 * Any cycle in that graph is a runtime cycle, wherever it runs (generated.ts included).
 */
const runtimeConfig = {
  forbidden: [
    {
      name: 'no-circular-runtime',
      severity: 'error',
      comment:
        'This import is part of a circular dependency that survives compilation (runtime imports only), ' +
        'so at runtime one of the files sees the other half-initialised. Break the cycle: move the shared ' +
        'piece into a file both can import (src/kernel/ for value types), or invert the dependency.',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: { ...options, tsPreCompilationDeps: false },
};

module.exports = process.env.DEPCRUISE_PASS === 'runtime' ? runtimeConfig : config;

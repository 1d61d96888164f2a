/**
 * The one set of esbuild options every bundle of our handlers uses: serverless-esbuild when
 * packaging (serverless.yml `custom.esbuild.config` points here), the bench, and the local
 * stack. CommonJS on purpose: serverless-esbuild `require`s it from plain Node.
 * Decisions and their measurements: docs/performance.md § Cold start decision.
 */
'use strict';

/** @type {Readonly<import('esbuild').BuildOptions>} */
const buildOptions = Object.freeze({
  bundle: true,
  minify: true,
  // With NODE_OPTIONS=--enable-source-maps, stack traces name our .ts lines.
  sourcemap: true,
  // The map only needs positions, not a second copy of every source.
  sourcesContent: false,
  // No keepNames: it only preserves the `.name` of classes and functions (~40 KiB of wrappers).
  // Stack traces take their names from the source map either way, our errors set `name`
  // literally, and the SDK matches errors by their `name` field, so nothing reads those names.
  keepNames: false,
  target: 'node22',
  platform: 'node',
  format: 'cjs',
  // Prefer a package's ES module build: esbuild drops what we do not import from it (the AWS
  // SDK clients keep only the commands we send), where the CommonJS build is kept whole.
  // Packages with an `exports` map (middy, zod) are resolved by its conditions instead.
  mainFields: ['module', 'main'],
});

/**
 * serverless-esbuild calls the exported function for its options. `exclude: []` bundles the AWS
 * SDK too instead of using the runtime's copy: the code runs on the exact SDK and @smithy
 * versions the tests ran on (the Wickr client shares @smithy with the SDK clients). AWS
 * recommends shipping your own SDK: https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
module.exports = () => ({ ...buildOptions, mainFields: [...buildOptions.mainFields], exclude: [] });
module.exports.buildOptions = buildOptions;

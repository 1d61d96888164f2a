import type { BuildOptions } from 'esbuild';

/** The esbuild options every bundle of our handlers uses (see esbuild.config.js). */
export declare const buildOptions: Readonly<BuildOptions>;

/**
 * `src/core` reads from the top down: no module imports, even for a type, a module that imports
 * it back. Types that several files share live in a module of their own (the style guide's
 * "a type shared by two files belongs to neither").
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const CORE = resolve(__dirname, '../../../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The files a module imports or re-exports from, relative specifiers only (type-only imports included). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .flatMap((name) => {
      const base = resolve(dirname(file), name);
      return [`${base}.ts`, join(base, 'index.ts')].filter((candidate) => existsSync(candidate)).slice(0, 1);
    });
}

/** Strongly connected components of more than one module (Tarjan), or a module importing itself. */
function importCycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.map((f) => relative(CORE, f)).sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe('Imports in src/core', () => {
  it('form no cycle', () => {
    expect(importCycles(sourceFiles(CORE))).toEqual([]);
  });

  it('are checked by a detector that finds a cycle when there is one', () => {
    // The detector itself, on the fixture of a two-module circle, so the test above can fail.
    const dir = resolve(__dirname, '../../fixtures/importCycle');
    expect(importCycles(sourceFiles(dir)).map((c) => c.length)).toEqual([2]);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cyclesOf, importGraph, specifiersOf, type ImportGraph } from './import-graph';

// No file in src/ reaches itself through its imports, type-only imports included: a cycle is the
// sign of a thing with no home (a contract in a workflow file, a type beside its consumer), and the
// fix is to give it one (src/contracts, a small domain file), never to inline a copy.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const describeCycles = (cycles: string[][]) => cycles.map((c) => `  ${c.join(' → ')}`).join('\n');

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    const graph = importGraph(ROOT, join(ROOT, 'src'));
    assert.ok(graph.size > 100, `read ${graph.size} files: the walk found src/`);
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    assert.ok(edges > graph.size, `found ${edges} imports: the parser reads them`);
    const cycles = cyclesOf(graph);
    assert.deepEqual(
      cycles,
      [],
      `import cycles (each line one strongly connected set of files):\n${describeCycles(cycles)}`,
    );
  });

  it('sees the workflows import the contracts leaf, and the contracts import nothing outside domain', () => {
    const graph = importGraph(ROOT, join(ROOT, 'src'));
    assert.ok(graph.get('src/workflows/sync-conversations.ts')?.includes('src/contracts/sync.ts'));
    for (const [file, targets] of graph) {
      if (!file.startsWith('src/contracts/')) continue;
      for (const t of targets)
        assert.ok(t.startsWith('src/contracts/') || t.startsWith('src/domain/'), `${file} imports ${t}`);
    }
  });
});

describe('the cycle finder (negative controls)', () => {
  it('reports a cycle in a small graph, and only its members', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['d.ts']],
    ]);
    assert.deepEqual(cyclesOf(graph), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    assert.deepEqual(
      cyclesOf(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
      [],
    );
  });

  it('reads value, type-only, multi-line and re-export imports, and resolves extensionless and index paths', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import {\n  c,\n  type C,\n} from './c';",
      "export * from './d';",
      "export type { E } from './e';",
      "import './f';",
      "import { z } from 'zod';",
      "// import { g } from './not-an-import';",
      "const h = await import('./h');",
    ].join('\n');
    assert.deepEqual(specifiersOf(source), ['./a', './b', './c', './d', './e', './f', 'zod', './h']);

    const dir = mkdtempSync(join(tmpdir(), 'import-graph-'));
    try {
      const file = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      file('src/x.ts', "import type { Y } from './y';\nexport const x = 1;\n");
      file('src/y/index.ts', "import { x } from '../x';\nexport type Y = typeof x;\n");
      file('src/z.ts', "import { x } from './x.ts';\n");
      const graph = importGraph(dir, join(dir, 'src'));
      assert.deepEqual(graph.get('src/y/index.ts'), ['src/x.ts']);
      assert.deepEqual(graph.get('src/z.ts'), ['src/x.ts']);
      assert.deepEqual(cyclesOf(graph), [['src/x.ts', 'src/y/index.ts']], 'a type-only import closes a cycle too');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

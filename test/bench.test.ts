/**
 * The benchmark's own machinery, never its timings: the generated inputs are a
 * function of their seed, the monorepo has the shape the bench says, a part's
 * figures are read back from its output, and the report states targets met or missed.
 */
import { describe, expect, test } from 'bun:test';
import { detectKind } from '../server/src/core/detect';
import { KINDS, monorepo, SIZES, seedOf } from '../bench/inputs';
import { type Figures, render, targets } from '../bench/report';
import { emitResult, parseResult, RESULT_MARK } from '../bench/support';

describe('bench inputs', () => {
  test('the same seed gives the same bytes; another seed other bytes', () => {
    for (const [i, spec] of KINDS.entries()) {
      const a = spec.generate(spec.lines.typical, seedOf(i, 'typical'));
      expect(spec.generate(spec.lines.typical, seedOf(i, 'typical'))).toBe(a);
      expect(spec.generate(spec.lines.typical, seedOf(i, 'typical') + 1)).not.toBe(a);
    }
    expect([...monorepo(2000, 5)]).toEqual([...monorepo(2000, 5)]);
  });

  test('each input is of its kind and near its size (large workflow ~1,500 lines, large plan ~3,000)', () => {
    for (const [i, spec] of KINDS.entries()) {
      for (const size of SIZES) {
        const text = spec.generate(spec.lines[size], seedOf(i, size));
        expect(detectKind(spec.path, text)).toBe(spec.kind);
        const lines = text.split('\n').length - 1;
        expect(lines).toBeGreaterThan(spec.lines[size] * 0.85);
        expect(lines).toBeLessThan(spec.lines[size] * 1.1 + 50);
      }
    }
    expect(KINDS.find((k) => k.kind === 'github-actions')?.lines.large).toBe(1500);
    expect(KINDS.find((k) => k.kind === 'plan-doc')?.lines.large).toBe(3000);
  });

  test('the monorepo has the files asked for, 2/5 of them of a checked kind', () => {
    const files = monorepo(2000, 5);
    expect(files.size).toBe(2000);
    const checked = [...files].filter(([p, t]) => detectKind(p, t) !== undefined).length;
    expect(Math.abs(checked - 800)).toBeLessThan(10);
  });
});

describe('bench figures', () => {
  test('a part’s figures are read back from the last marked line of its output', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      emitResult({ a: 1 });
      emitResult({ a: 2, b: [1.5] });
    } finally {
      console.log = log;
    }
    const out = `noise\n${lines.join('\n')}\nmore noise\n`;
    expect(parseResult(out)).toEqual({ a: 2, b: [1.5] });
    expect(parseResult('nothing here')).toBeUndefined();
    expect(parseResult(`${RESULT_MARK}{not json`)).toBeUndefined();
  });

  test('the report says which targets are met and by how much others are missed', () => {
    const figures: Figures = {
      engine: {
        rows: [
          { kind: 'terraform', name: 'Terraform module', size: 'large', lines: 1500, findings: 3, parse: { median: 10, p95: 12 }, engine: { median: 15, p95: 18 } },
          { kind: 'gitlab-ci', name: 'GitLab CI', size: 'large', lines: 1500, findings: 3, parse: { median: 10, p95: 12 }, engine: { median: 30, p95: 40 } },
        ],
      },
      lsp: {
        rows: [
          { case: 'GitLab CI, 1,500 lines', schema: 'gitlab-ci.schema.json (both)', lines: 1500, server: 'roo-devops', delay: 30, felt: { median: 40, p95: 50 }, work: { median: 10, p95: 20 }, diagnostics: 1 },
          { case: 'GitLab CI, 1,500 lines', schema: 'gitlab-ci.schema.json (both)', lines: 1500, server: 'yaml-language-server', delay: 200, felt: { median: 300, p95: 400 }, work: { median: 100, p95: 200 }, diagnostics: 1 },
        ],
        cold: [{ server: 'roo-devops', handshake: { median: 100, p95: 120 }, first: { median: 250, p95: 280 } }],
      },
      monorepo: {
        cli: [
          { files: 2000, checked: 800, wall: 1000, cpu: 1500, maxRssMb: 100, findings: 10, runs: 3, threads: '2' },
          { files: 20000, checked: 8000, wall: 12000, cpu: 20000, maxRssMb: 300, findings: 100, runs: 3, threads: '2' },
        ],
        index: { files: 8000, ms: 9000 },
        relint: [{ change: 'x', relinted: 2, median: 3, p95: 5 }],
      },
    };
    const rows = targets(figures);
    const row = (start: string) => rows.find((r) => r[0].startsWith(start)) ?? [];
    expect(row('all rules')[2]).toContain('missed');
    expect(row('all rules')[2]).toContain('gitlab-ci/large 3.00×');
    expect(row('LSP p95')[2]).toBe('**met**');
    expect(row('20,000-file')[2]).toContain('**missed** by 2.00 s');
    expect(row('peak memory')[2]).toBe('**met**');
    expect(row('one change')[2]).toBe('**met**');
    expect(row('cold start')[2]).toBe('**met**');
    expect(row('`activate()`')[2]).toBe('not measured');
    const md = render(figures, { date: 'd', commit: 'c', command: 'bun run bench', cores: 2, cpu: 'cpu', node: 'v20', bun: '1', load: '0' });
    expect(md.startsWith('<!-- bench -->')).toBe(true);
    expect(md.endsWith('<!-- /bench -->')).toBe(true);
    expect(md).toContain('| GitLab CI | large | 1500 | 10 ms | 30 ms / 40 ms | 3.00× |');
  });
});

import { expect, test } from 'bun:test';
import { dockerfileAst, instructionAt, parseDockerfile, stageAt } from '../../server/src/core/parse/dockerfile';
import { dockerfilesOf } from '../../server/src/core/parse/dockerfiles';
import { SourceFile } from '../../server/src/core/source';
import type { OffsetRange } from '../../server/src/core/types';

const at = (text: string, r: OffsetRange | undefined) => (r ? text.slice(r.start, r.end) : undefined);

test('instructions carry keyword, flags, arguments and exact ranges', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    '# check=skip=all',
    '',
    '# the base',
    'ARG NODE=20',
    'FROM --platform=$BUILDPLATFORM node:20-alpine AS deps',
    'COPY --chown=node:node package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm \\',
    '    # cache',
    '    --mount=type=bind,source=package-lock.json,target=package-lock.json \\',
    '    npm ci',
    'from deps as build',
    'COPY --from=deps /app/node_modules ./node_modules',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n');
  const ast = parseDockerfile(text);
  expect(ast.directives.map((d) => [d.name, d.value, at(text, d.range)])).toEqual([
    ['syntax', 'docker/dockerfile:1', '# syntax=docker/dockerfile:1'],
    ['check', 'skip=all', '# check=skip=all'],
  ]);
  expect(ast.comments.map((c) => at(text, c))).toEqual(['# the base', '    # cache']);
  expect(ast.instructions.map((i) => i.keyword)).toEqual(['ARG', 'FROM', 'COPY', 'RUN', 'FROM', 'COPY', 'CMD']);
  const [, from, copy, run] = ast.instructions;
  expect(from.flags.map((f) => [f.name, f.value, at(text, f.valueRange)])).toEqual([['platform', '$BUILDPLATFORM', '$BUILDPLATFORM']]);
  expect(copy.flags.map((f) => at(text, f.range))).toEqual(['--chown=node:node']);
  expect(copy.args.map((a) => at(text, a.range))).toEqual(['package.json', 'package-lock.json', './']);
  expect(run.flags.map((f) => f.name)).toEqual(['mount', 'mount']);
  expect(at(text, run.flags[1].valueRange)).toBe('type=bind,source=package-lock.json,target=package-lock.json');
  expect(run.args.map((a) => at(text, a.range))).toEqual(['npm', 'ci']);
  expect(at(text, run.range)?.endsWith('npm ci')).toBe(true);
  expect(at(text, run.keywordRange)).toBe('RUN');
  // Stages: image, tag, name; a lower-case `from … as` is a stage too.
  expect(ast.stages.map((s) => [s.index, s.name, s.image?.name, s.image?.tag, s.instructions.map((i) => i.keyword).join(' ')])).toEqual([
    [0, 'deps', 'node', '20-alpine', 'COPY RUN'],
    [1, 'build', 'deps', undefined, 'COPY CMD'],
  ]);
  expect(at(text, ast.stages[0].image?.range)).toBe('node:20-alpine');
  expect(stageAt(ast, text.indexOf('npm ci'))?.name).toBe('deps');
  expect(stageAt(ast, text.indexOf('NODE'))).toBeUndefined();
  expect(instructionAt(ast, text.indexOf('server.js'))?.exec?.elements.map((e) => [e.value, at(text, e)])).toEqual([
    ['node', '"node"'],
    ['server.js', '"server.js"'],
  ]);
  expect(at(text, ast.stages[1].instructions[1].exec?.range)).toBe('["node", "server.js"]');
});

test('image references: registry, tag and digest', () => {
  const text = 'FROM registry.example:5000/team/node:20@sha256:abc\nFROM oven/bun@sha256:def\nFROM $BASE\nFROM scratch\n';
  const images = parseDockerfile(text).stages.map((s) => s.image && [s.image.name, s.image.tag, s.image.digest]);
  expect(images).toEqual([
    ['registry.example:5000/team/node', '20', 'sha256:abc'],
    ['oven/bun', undefined, 'sha256:def'],
    ['$BASE', undefined, undefined],
    ['scratch', undefined, undefined],
  ]);
});

test('escape directive, backtick continuations, heredocs and ONBUILD', () => {
  const text = ['# escape=`', 'FROM node:20', 'RUN npm ci `', '    && npm test', 'RUN <<EOF', 'yarn build', 'EOF', 'ONBUILD COPY --chown=1 <<-CONF /etc/x', '\tcontent', '\tCONF', 'USER node', ''].join('\r\n');
  const ast = parseDockerfile(text);
  expect(ast.escape).toBe('`');
  const [, run, heredoc, onbuild, user] = ast.instructions;
  expect(run.args.map((a) => a.value)).toEqual(['npm', 'ci', '&&', 'npm', 'test']);
  expect(at(text, run.args[4].range)).toBe('test');
  expect(heredoc.heredocs.map((h) => [h.delimiter, at(text, h.marker), text.slice(h.bodyStart, h.bodyEnd)])).toEqual([['EOF', '<<EOF', 'yarn build\r\n']]);
  expect(at(text, heredoc.range)).toBe('RUN <<EOF\r\nyarn build\r\nEOF');
  expect(onbuild.keyword).toBe('ONBUILD');
  expect(onbuild.trigger?.keyword).toBe('COPY');
  expect(onbuild.trigger?.flags.map((f) => f.name)).toEqual(['chown']);
  expect(onbuild.trigger?.heredocs.map((h) => [h.delimiter, h.stripTabs])).toEqual([['CONF', true]]);
  expect(user.keyword).toBe('USER');
});

test('one AST per file version, shared; plan-doc excerpt blocks parsed in the document offsets, whole Dockerfiles left to the engine', () => {
  const file = new SourceFile('Dockerfile', 'dockerfile', 'FROM node:20\nRUN npm ci\n');
  expect(dockerfileAst(file)).toBe(dockerfileAst(file));
  const doc = ['# Plan', '', '- build:', '  ```dockerfile', '  WORKDIR /app', '  RUN npm ci', '  ```', '', '```dockerfile', 'FROM node:20-slim AS web', '```', ''].join('\n');
  const plan = new SourceFile('plan/infrastructure.md', 'plan-doc', doc);
  // The second block is a whole Dockerfile: the engine checks it as a file of its own (parse/markdown-blocks.ts).
  expect(dockerfilesOf(plan)).toHaveLength(1);
  const [ast] = dockerfilesOf(plan);
  expect(dockerfilesOf(plan)[0]).toBe(ast);
  expect(at(doc, ast.instructions[0].range)).toBe('WORKDIR /app');
  expect(at(doc, ast.instructions[1].args[1].range)).toBe('ci');
});
